export * from './tiltScheme.ts';
export * from './dose.ts';
export * from './ctf.ts';
