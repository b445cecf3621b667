/**
 * Reading and writing state files by name: `.json` (optionally `.json.gz`) or binary
 * `.bin` / `.bin.gz`; `-` is stdout. Input format is sniffed (gzip magic, then `{` = JSON).
 * Output streams chunk by chunk through gzip when asked.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import type { MipsState } from './state.js';
import { decodeStateBinary, encodeStateBinary } from './state-binary.js';
import { decodeStateJson, encodeStateJson } from './state-json.js';

export function decodeStateBytes(raw: Uint8Array): MipsState {
  let b = raw;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) b = new Uint8Array(gunzipSync(b));
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] === 0x7b ? decodeStateJson(b) : decodeStateBinary(b);
}

export async function readStateFile(path: string): Promise<MipsState> {
  return decodeStateBytes(new Uint8Array(await readFile(path)));
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
