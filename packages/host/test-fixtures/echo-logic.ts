/**
 * The echo client's logic, shared by the fd runner (echo-client.ts) and in-process mode
 * (default export): read boot keys 1–5, hint `l1-block-header <claim>`, read the keccak
 * pre-image of the claim; exit 0 if its text starts with "valid", else 1.
 */

import { HintWriter, keccakKey, localKey, OracleClient, type SyncChannel } from '@faultline/preimage';
import { bytesToHex, bytesToUtf8 } from '@faultline/primitives';

export interface EchoResult {
  code: number;
  boot: string[];
  preimage: string;
}

export function echo(io: { hints: SyncChannel; preimages: SyncChannel }): EchoResult {
  const oracle = new OracleClient(io.preimages);
  const hinter = new HintWriter(io.hints);
  const boot = [1, 2, 3, 4, 5].map((i) => oracle.get(localKey(i)));
  const claim = boot[2]!;
  hinter.hint('l1-block-header', claim);
  const text = bytesToUtf8(oracle.get(keccakKey(claim)));
  return { code: text.startsWith('valid') ? 0 : 1, boot: boot.map(bytesToHex), preimage: text };
}

export default function inProcessEcho(io: { hints: SyncChannel; preimages: SyncChannel }): number {
  return echo(io).code;
}
