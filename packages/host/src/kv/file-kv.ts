/**
 * op-program's two text datadir layouts (`host/kvstore/file.go`, `directory.go`):
 *
 *   file:      <datadir>/0x<64 hex key>.txt
 *   directory: <datadir>/<hex key chars 0..3>/<hex key chars 4..63>.txt   (digits after "0x")
 *
 * Content is the value as lower-case hex without `0x`. Writes go to a temp file in the datadir
 * and are renamed into place, so a concurrent reader (another host, op-program itself) never
 * sees a half-written pre-image.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bytesToHex, bytesToUnprefixedHex, looseHexToBytes } from '@faultline/primitives';
import { type KvStore, KvStoreError } from './kv-store.js';

export type TextLayout = 'file' | 'directory';

/** The path of a key's file under `datadir` in the given layout. */
export function preimagePath(datadir: string, layout: TextLayout, key: Uint8Array): string {
  const hex = bytesToHex(key);
  return layout === 'file' ? join(datadir, `${hex}.txt`) : join(datadir, hex.slice(2, 6), `${hex.slice(6)}.txt`);
}

export class FileKv implements KvStore {
  constructor(
    readonly datadir: string,
    readonly layout: TextLayout,
  ) {
    mkdirSync(datadir, { recursive: true });
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const path = preimagePath(this.datadir, this.layout, key);
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw new KvStoreError(`failed to read pre-image file ${path}`, { cause: e });
    }
    try {
      return looseHexToBytes(text.trim());
    } catch (e) {
      throw new KvStoreError(`pre-image file ${path} does not hold hex`, { cause: e });
    }
  }

  put(key: Uint8Array, value: Uint8Array): void {
    const target = preimagePath(this.datadir, this.layout, key);
    const temp = join(this.datadir, `${bytesToHex(key)}.txt.${bytesToUnprefixedHex(randomBytes(6))}`);
    try {
      writeFileSync(temp, bytesToUnprefixedHex(value), { mode: 0o666 });
      if (this.layout === 'directory') mkdirSync(dirname(target), { recursive: true });
      renameSync(temp, target);
    } catch (e) {
      rmSync(temp, { force: true });
      throw new KvStoreError(`failed to write pre-image ${bytesToHex(key)} to ${target}`, { cause: e });
    }
  }

  close(): void {}
}
