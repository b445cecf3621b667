/**
 * The case a worker is running, in shared memory, so the supervisor can name the input of a case
 * that never returns (a hang, or a worker killed by its heap limit) without any message from
 * the worker: index, length and state words, then the input bytes (cut to the area's size).
 */
export const CASE_IDLE = 0;
export const CASE_RUNNING = 1;
export const CASE_MINIMIZING = 2;

const HEADER_WORDS = 4;

export class SharedCase {
  readonly words: Int32Array;
  readonly bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer, 0, HEADER_WORDS);
    this.bytes = new Uint8Array(buffer, HEADER_WORDS * 4);
  }

  static create(inputBytes: number): SharedCase {
    return new SharedCase(new SharedArrayBuffer(HEADER_WORDS * 4 + inputBytes));
  }

  begin(index: number, input: Uint8Array): void {
    const n = Math.min(input.length, this.bytes.length);
    this.bytes.set(n === input.length ? input : input.subarray(0, n));
    Atomics.store(this.words, 1, input.length);
    Atomics.store(this.words, 0, index);
    Atomics.store(this.words, 2, CASE_RUNNING);
  }

  set state(s: number) {
    Atomics.store(this.words, 2, s);
  }

  get state(): number {
    return Atomics.load(this.words, 2);
  }

  get index(): number {
    return Atomics.load(this.words, 0);
  }

  /** The current input (a copy; cut if it did not fit). */
  input(): Uint8Array {
    const n = Math.min(Atomics.load(this.words, 1), this.bytes.length);
    return this.bytes.slice(0, n);
  }
}
