// The command table. Adding a subcommand: write commands/NAME.ts exporting a CommandSpec, add it here.
import type { CommandSpec } from '../spec.ts';
import { align } from './align.ts';
import { convert } from './convert.ts';
import { fsc } from './fsc.ts';
import { halfset } from './halfset.ts';
import { info } from './info.ts';
import { metrics } from './metrics.ts';
import { profile } from './profile.ts';
import { project } from './project.ts';
import { plan } from './plan.ts';
import { reconstruct } from './reconstruct.ts';
import { run } from './run.ts';
import { simulate } from './simulate.ts';
import { snr } from './snr.ts';
import { xferror } from './xferror.ts';

export const commands: readonly CommandSpec[] = [
  info,
  convert,
  metrics,
  fsc,
  profile,
  snr,
  simulate,
  project,
  align,
  reconstruct,
  run,
  plan,
  halfset,
  xferror,
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}
