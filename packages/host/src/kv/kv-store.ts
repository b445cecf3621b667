/**
 * The pre-image key-value store interface (op-program `host/kvstore/kv.go`). Keys are the full
 * 32-byte typed keys (0x02… for keccak, 0x04… for sha256, …). The interface is synchronous:
 * the host answers one oracle request at a time and every backend here (Map, files, lmdb)
 * reads synchronously, which keeps the hot serving path free of promise hops.
 */
import { BaseError } from '@faultline/primitives';

export interface KvStore {
  get(key: Uint8Array): Uint8Array | undefined;
  put(key: Uint8Array, value: Uint8Array): void;
  close(): void;
}

export class KvStoreError extends BaseError {
  override name = 'KvStoreError' as const;
}

export const DATA_FORMATS = ['file', 'directory', 'lmdb'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

export function parseDataFormat(text: string): DataFormat {
  if ((DATA_FORMATS as readonly string[]).includes(text)) return text as DataFormat;
  throw new KvStoreError(`unknown data format "${text}"; expected one of: ${DATA_FORMATS.join(', ')}`);
}
