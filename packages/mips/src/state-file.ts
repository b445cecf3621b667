/**
 * Reading and writing state files by name: `.json` (optionally `.json.gz`) or binary
 * `.bin` / `.bin.gz`; `-` is stdout. Input format is sniffed (gzip magic, then `{` = JSON).
 * Output streams chunk by chunk through gzip when asked. JSON is always a MIPS32
 * single-threaded state; a binary state says which VM it belongs to in its first byte (0, 2:
 * MIPS32; 3–8: multithreaded, cannon64 runs 8), which `decodeAnyStateBytes` dispatches on.
 */
import { kMaxLength } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { PAGE_COUNT, PAGE_SIZE } from './constants.js';
import { StateFormatError, StateVersionError } from './errors.js';
import { Mips64State } from './mips64/state.js';
import { decodeState64Binary, encodeState64Binary, isMtVersion } from './mips64/state-binary.js';
import type { MipsState } from './state.js';
import { checkStateBinary, decodeStateBinary, encodeStateBinary } from './state-binary.js';
import { checkStateJson, decodeStateJson, encodeStateJson } from './state-json.js';

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

/** A state of either VM. */
export type AnyState = MipsState | Mips64State;

/** A state from file bytes: gzip or not, JSON or binary (sniffed). Failures are `StateFormatError`s. */
export function decodeStateBytes(raw: Uint8Array, options: DecodeStateOptions = {}): MipsState {
  const b = inflate(raw, options);
  return isJson(b) ? decodeStateJson(b) : decodeStateBinary(b);
}

/**
 * A state of whichever VM the bytes belong to: JSON and binary versions 0/2 are MIPS32, binary
 * versions 3–8 multithreaded (`Mips64State`); any other version byte is a `StateVersionError`.
 */
export function decodeAnyStateBytes(raw: Uint8Array, options: DecodeStateOptions = {}): AnyState {
  return byFormat<AnyState>(inflate(raw, options), decodeStateJson, decodeStateBinary, decodeState64Binary);
}

/**
 * Every check `decodeAnyStateBytes` makes, without building a MIPS32 state (whose memory tables
 * cost a few MiB to allocate): for validating a file cheaply, and for the fuzz campaign.
 */
export function checkAnyStateBytes(raw: Uint8Array, options: DecodeStateOptions = {}): void {
  byFormat<unknown>(inflate(raw, options), checkStateJson, checkStateBinary, decodeState64Binary);
}

/** Dispatches inflated state bytes on their format: JSON, MIPS32 binary (0, 2), multithreaded (3–8). */
function byFormat<T>(
  b: Uint8Array,
  json: (b: Uint8Array) => T,
  binary: (b: Uint8Array) => T,
  binary64: (b: Uint8Array) => T,
): T {
  if (isJson(b)) return json(b);
  if (b.length === 0) throw new StateFormatError('state: empty file');
  const v = b[0]!;
  if (v === 0 || v === 2) return binary(b);
  if (isMtVersion(v)) return binary64(b);
  throw new StateVersionError(
    v,
    `state: unknown state version ${v} (read here: 0 singlethreaded, 2 singlethreaded-2, 3–8 multithreaded)`,
  );
}

/** gunzip when the gzip magic is there, bounded by `maxBytes`. */
function inflate(raw: Uint8Array, options: DecodeStateOptions): Uint8Array {
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
  return b;
}

function isJson(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] === 0x7b;
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

/** Reads a state file of either VM (version detected); errors name the file and keep their type. */
export async function readAnyStateFile(path: string, options: DecodeStateOptions = {}): Promise<AnyState> {
  const raw = new Uint8Array(await readFile(path));
  try {
    return decodeAnyStateBytes(raw, options);
  } catch (e) {
    if (e instanceof StateVersionError)
      throw new StateVersionError(e.version, `${path}: ${e.shortMessage}`, { cause: e });
    if (e instanceof StateFormatError) throw new StateFormatError(`${path}: ${e.shortMessage}`, { cause: e });
    throw e;
  }
}

/** JSON unless the name contains `.bin`; gzip when it ends in `.gz`. */
export function stateFileFormat(path: string): { binary: boolean; gzip: boolean } {
  return { binary: /\.bin(\.gz)?$/.test(path), gzip: path.endsWith('.gz') };
}

export async function writeStateFile(path: string, s: AnyState): Promise<void> {
  const { binary, gzip } = stateFileFormat(path);
  // Upstream has no JSON form for multithreaded states ("json not supported").
  if (s instanceof Mips64State && !binary)
    throw new StateFormatError(`${path}: a multithreaded state is written as .bin or .bin.gz only (no JSON form)`);
  const chunks = s instanceof Mips64State ? encodeState64Binary(s) : binary ? encodeStateBinary(s) : encodeStateJson(s);
  const source = Readable.from(chunks, { objectMode: false });
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
