#!/usr/bin/env node
// The `wedgelab` command. No build step: tsx compiles the TypeScript sources on the fly.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../src/cli/main.ts');
await runProcess();
