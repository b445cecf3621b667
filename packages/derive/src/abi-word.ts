/**
 * Reading Solidity ABI words from event data the way op-service's `solabi` does: a 32-byte word
 * holding a small integer or an address must have its unused high bytes zero.
 */
export const WORD = 32;

/** The integer in `word` if it fits in `bytes` bytes (high bytes zero), else undefined. */
export function wordUint(data: Uint8Array, offset: number, bytes: number): bigint | undefined {
  if (offset + WORD > data.length) return undefined;
  for (let i = offset; i < offset + WORD - bytes; i++) if (data[i] !== 0) return undefined;
  let v = 0n;
  for (let i = offset + WORD - bytes; i < offset + WORD; i++) v = (v << 8n) | BigInt(data[i]!);
  return v;
}

/** A 20-byte address right-aligned in a word (high 12 bytes zero), else undefined. */
export function wordAddress(data: Uint8Array, offset: number): Uint8Array | undefined {
  if (wordUint(data, offset, 20) === undefined) return undefined;
  return data.slice(offset + 12, offset + WORD);
}
