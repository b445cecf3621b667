/**
 * The synchronous channel the client ends speak over: read exactly n bytes, write all bytes.
 * The client is synchronous by design (op-program's oracle blocks; a MIPS program has no event
 * loop), so every implementation — fds, memory, shared memory — blocks until done or fails
 * with a typed error.
 */
export interface SyncChannel {
  /** Used in error messages ("pre-image channel: channel closed by the other end"). */
  readonly name: string;
  /** Exactly `n` bytes; throws `ChannelClosedError` if the other end closed first. */
  readExact(n: number): Uint8Array;
  /** Writes every byte, looping over short writes. */
  writeAll(bytes: Uint8Array): void;
  close(): void;
}

/**
 * The asynchronous channel the server ends speak over. `read` may answer synchronously when
 * the bytes are already buffered (the hot path of a busy server), and answers `null` when the
 * other end closed cleanly before the first byte of this read — the normal end of a session.
 */
export interface AsyncChannel {
  readonly name: string;
  read(n: number): Uint8Array | null | Promise<Uint8Array | null>;
  write(bytes: Uint8Array): void | Promise<void>;
  close(): void;
}
