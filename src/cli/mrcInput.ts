// Reading MRC inputs from the command line: the reader options every reading command shares,
// declared once so info, convert and later commands spell them the same. io is imported lazily
// (here and in every command's run) so `--help` starts fast and loads no compute code.
import type { MrcFile, MrcReadOptions } from '../io/mrc/types.ts';
import { withInput } from './nodeSource.ts';
import type { CommandArgs, OptionSpec } from './spec.ts';

export const readerOptions: OptionSpec[] = [
  {
    name: 'unsigned-mode0',
    type: 'flag',
    help: 'read mode 0 as unsigned bytes (IMOD files written before MRC2014)',
  },
  {
    name: 'permissive',
    type: 'flag',
    help: "read files without 'MAP ' or with odd header sizes as the layout they declare (GENFIRE-like writers)",
  },
];

export function readOptionsFrom(args: CommandArgs): MrcReadOptions {
  return { unsignedMode0: args.flag('unsigned-mode0'), permissive: args.flag('permissive') };
}

/** Opens the MRC file at `path` (plain, .gz or .bz2), runs `fn`, and closes the file. */
export function withMrc<T>(
  path: string,
  opts: MrcReadOptions,
  fn: (file: MrcFile) => Promise<T>,
): Promise<T> {
  return withInput(path, async (source) => {
    const { openMrc } = await import('../io/mrc/index.ts');
    return fn(await openMrc(source, opts));
  });
}

/** Tilt angles from the extended header, only when every section has one. */
export { sectionTiltAnglesDeg as tiltAnglesOf } from '../io/mrc/index.ts';
