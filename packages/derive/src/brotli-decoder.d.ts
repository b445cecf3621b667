// Types for the pure-JS Brotli decoder shipped inside the `brotli` npm package (no typings of its own).
declare module 'brotli/dec/decode.js' {
  export interface BrotliInputLike {
    read(buf: Uint8Array, offset: number, count: number): number;
  }
  export interface BrotliOutputLike {
    buffer: { length: number };
    write(buf: Uint8Array, count: number): number;
  }
  export function BrotliDecompress(input: BrotliInputLike, output: BrotliOutputLike): void;
}
declare module 'brotli/dec/streams.js' {
  import type { BrotliInputLike } from 'brotli/dec/decode.js';
  export class BrotliInput implements BrotliInputLike {
    constructor(buffer: Uint8Array);
    read(buf: Uint8Array, offset: number, count: number): number;
  }
}
