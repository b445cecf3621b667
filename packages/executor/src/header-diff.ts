/**
 * Which header fields differ between a built block and the expected one: the first thing to look
 * at when a block hash does not match (a wrong state root points at execution, a wrong receipts
 * root with a right gas used at logs or receipt fields, a wrong extraData or base fee at the
 * EIP-1559 rules…).
 */
import { bytesToHex, equalBytes } from '@faultline/primitives';
import { HEADER_FIELDS, type Header } from '@faultline/protocol';

export interface HeaderFieldDiff {
  field: keyof Header;
  built: string;
  expected: string;
}

function show(v: bigint | Uint8Array | undefined): string {
  if (v === undefined) return '(absent)';
  return typeof v === 'bigint' ? v.toString() : bytesToHex(v);
}

export function diffHeaders(built: Header, expected: Header): HeaderFieldDiff[] {
  const out: HeaderFieldDiff[] = [];
  for (const [field] of HEADER_FIELDS) {
    const a = built[field];
    const b = expected[field];
    const same =
      a instanceof Uint8Array && b instanceof Uint8Array
        ? equalBytes(a, b)
        : a === undefined
          ? b === undefined
          : a === b;
    if (!same) out.push({ field, built: show(a), expected: show(b) });
  }
  return out;
}
