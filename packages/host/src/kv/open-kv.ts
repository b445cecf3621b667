/** Opens the store named by `--datadir` / `--data.format` (memory when there is no datadir). */

import { FileKv } from './file-kv.js';
import type { DataFormat, KvStore } from './kv-store.js';
import { LmdbKv } from './lmdb-kv.js';
import { MemoryKv } from './memory-kv.js';

const OPENERS: Record<DataFormat, (dir: string) => KvStore> = {
  file: (dir) => new FileKv(dir, 'file'),
  directory: (dir) => new FileKv(dir, 'directory'),
  lmdb: (dir) => new LmdbKv(dir),
};

export function openKv(datadir: string | undefined, format: DataFormat): KvStore {
  return datadir === undefined ? new MemoryKv() : OPENERS[format](datadir);
}
