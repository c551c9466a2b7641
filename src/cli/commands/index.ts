// The command table. Adding a subcommand: write commands/NAME.ts exporting a CommandSpec, add it here.
import type { CommandSpec } from '../spec.ts';
import { convert } from './convert.ts';
import { info } from './info.ts';

export const commands: readonly CommandSpec[] = [info, convert];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}
