// seek-bzip ships no types; only the one call WedgeLab uses is declared.
declare module 'seek-bzip' {
  interface OutputStream {
    writeByte(byte: number): void;
  }
  const Bunzip: {
    decode(input: Uint8Array, output?: OutputStream | number, multistream?: boolean): Uint8Array | undefined;
  };
  export default Bunzip;
}
