/** MRC2014 reading and writing: the entry points listed in types.ts. */
export { sectionTiltAnglesDeg } from './extended.ts';
export { openMrc, readVolume } from './open.ts';
export { bytesSource, blobSource, maybeDecompress } from './sources.ts';
export { writeMrc } from './write.ts';
export { createMrcWriter, type MrcBlock, type MrcStreamWriter, type MrcWriterSpec } from './stream.ts';
export type {
  ByteSource,
  MrcFile,
  MrcHeader,
  MrcMode,
  MrcReadOptions,
  MrcWriteMode,
  MrcWriteOptions,
  SectionMeta,
  SectionReadOptions,
} from './types.ts';
