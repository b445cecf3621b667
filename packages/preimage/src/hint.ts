/**
 * Hint names and the hint string format `"<type> 0x<hex>"` (op-program `client/{l1,l2}/hints.go`;
 * host parses with a single-space cut and requires the `0x` prefix). Names are data so the host's
 * router and the client's oracles share one spelling. Both programs' names are here: kona's
 * (`crates/proof/proof/src/hint.rs`) adds `starting-l2-output` (op-program: `l2-output`) and
 * `l2-account-storage-proof`.
 */
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { FramingError } from './errors.js';

export const HINT_TYPES = {
  l1BlockHeader: 'l1-block-header',
  l1Transactions: 'l1-transactions',
  l1Receipts: 'l1-receipts',
  l1Blob: 'l1-blob',
  l1Precompile: 'l1-precompile',
  l1PrecompileV2: 'l1-precompile-v2',
  l2BlockHeader: 'l2-block-header',
  l2Transactions: 'l2-transactions',
  l2Receipts: 'l2-receipts',
  l2Code: 'l2-code',
  l2StateNode: 'l2-state-node',
  l2Output: 'l2-output',
  startingL2Output: 'starting-l2-output',
  l2AccountProof: 'l2-account-proof',
  l2AccountStorageProof: 'l2-account-storage-proof',
  l2PayloadWitness: 'l2-payload-witness',
} as const;

export type HintType = (typeof HINT_TYPES)[keyof typeof HINT_TYPES];

export interface Hint {
  type: string;
  data: Uint8Array;
}

export function formatHint(type: string, data: Uint8Array): string {
  return `${type} ${bytesToHex(data)}`;
}

/** Parses `"<type> 0x<hex>"`; the data part must be strict 0x-hex. */
export function parseHint(text: string): Hint {
  const space = text.indexOf(' ');
  if (space <= 0) throw new FramingError(`hint ${JSON.stringify(text.slice(0, 80))}: expected "<type> 0x<hex>"`);
  const type = text.slice(0, space);
  try {
    return { type, data: hexToBytes(text.slice(space + 1)) };
  } catch (e) {
    throw new FramingError(`hint ${JSON.stringify(type)}: data is not 0x-hex`, { cause: e });
  }
}
