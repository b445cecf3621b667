/**
 * Reading and writing state files by name: `.json` (optionally `.json.gz`) or binary
 * `.bin` / `.bin.gz`; `-` is stdout. Input format is sniffed (gzip magic, then `{` = JSON).
 * Output streams chunk by chunk through gzip when asked.
 */
import { kMaxLength } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { PAGE_COUNT, PAGE_SIZE } from './constants.js';
import { StateFormatError } from './errors.js';
import type { MipsState } from './state.js';
import { decodeStateBinary, encodeStateBinary } from './state-binary.js';
import { decodeStateJson, encodeStateJson } from './state-json.js';

/**
 * The largest state worth decompressing: a binary state of the whole 32-bit memory
 * (2^20 pages of 4 + 4096 bytes, plus the fields) is just over 4 GiB, which is also Node's
 * largest buffer; a gzip member that inflates past it is refused as it inflates.
 */
export const MAX_STATE_BYTES = Math.min(5 + PAGE_COUNT * (4 + PAGE_SIZE) + 198 + (1 << 20), kMaxLength);

export interface DecodeStateOptions {
  /** Refuse a gzip-compressed state that inflates to more than this (default `MAX_STATE_BYTES`). */
  maxBytes?: number;
}

/** A state from file bytes: gzip or not, JSON or binary (sniffed). Failures are `StateFormatError`s. */
export function decodeStateBytes(raw: Uint8Array, options: DecodeStateOptions = {}): MipsState {
  let b = raw;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    const maxBytes = options.maxBytes ?? MAX_STATE_BYTES;
    try {
      b = new Uint8Array(gunzipSync(b, { maxOutputLength: maxBytes }));
    } catch (e) {
      const tooLarge = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new StateFormatError(
        tooLarge
          ? `state: gzip data inflates to more than ${maxBytes} bytes`
          : `state: not a valid gzip stream: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] === 0x7b ? decodeStateJson(b) : decodeStateBinary(b);
}

/** Reads a state file; a malformed one is a `StateFormatError` that names the file. */
export async function readStateFile(path: string, options: DecodeStateOptions = {}): Promise<MipsState> {
  const raw = new Uint8Array(await readFile(path));
  try {
    return decodeStateBytes(raw, options);
  } catch (e) {
    if (e instanceof StateFormatError) throw new StateFormatError(`${path}: ${e.shortMessage}`, { cause: e });
    throw e;
  }
}

/** JSON unless the name contains `.bin`; gzip when it ends in `.gz`. */
export function stateFileFormat(path: string): { binary: boolean; gzip: boolean } {
  return { binary: /\.bin(\.gz)?$/.test(path), gzip: path.endsWith('.gz') };
}

export async function writeStateFile(path: string, s: MipsState): Promise<void> {
  const { binary, gzip } = stateFileFormat(path);
  const source = Readable.from(binary ? encodeStateBinary(s) : encodeStateJson(s), { objectMode: false });
  const sink: Writable =
    path === '-'
      ? new Writable({
          write(chunk, _enc, cb) {
            process.stdout.write(chunk, cb);
          },
        })
      : createWriteStream(path);
  if (gzip) await pipeline(source, createGzip(), sink);
  else await pipeline(source, sink);
}
