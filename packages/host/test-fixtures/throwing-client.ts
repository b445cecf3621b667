/** An in-process client that fails: reads boot key 1, then asks for a key nobody has. */
import { keccakKey, localKey, OracleClient, type SyncChannel } from '@faultline/preimage';

export function missing(io: { hints: SyncChannel; preimages: SyncChannel }): number {
  const oracle = new OracleClient(io.preimages);
  oracle.get(localKey(1));
  oracle.get(keccakKey(new Uint8Array(32).fill(0xee)));
  return 0;
}
