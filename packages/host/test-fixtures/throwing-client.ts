/**
 * In-process clients that misbehave: `missing` reads boot key 1, then asks for a key nobody
 * has; `idle` claims "valid" without reading anything.
 */
import { keccakKey, localKey, OracleClient, type SyncChannel } from '@faultline/preimage';

export function missing(io: { hints: SyncChannel; preimages: SyncChannel }): number {
  const oracle = new OracleClient(io.preimages);
  oracle.get(localKey(1));
  oracle.get(keccakKey(new Uint8Array(32).fill(0xee)));
  return 0;
}

export function idle(_io: { hints: SyncChannel; preimages: SyncChannel }): number {
  return 0;
}
