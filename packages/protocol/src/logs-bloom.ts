/**
 * The 2048-bit logs bloom (Yellow Paper §4.3.1, M3:2048): for the log address and each topic,
 * take keccak256 and set the three bits given by byte pairs (0,1), (2,3), (4,5), each pair read
 * big-endian and masked to 11 bits; bit b lives in byte 255 - b/8.
 */
import { keccak256 } from '@faultline/primitives';

export const BLOOM_BYTES = 256;
const BIT_MASK = 2047;

export type Log = { address: Uint8Array; topics: Uint8Array[]; data: Uint8Array };

export function bloomAdd(bloom: Uint8Array, value: Uint8Array): void {
  const h = keccak256(value);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i]! << 8) | h[i + 1]!) & BIT_MASK;
    bloom[BLOOM_BYTES - 1 - (bit >> 3)] |= 1 << (bit & 7);
  }
}

export function logsBloom(logs: readonly Log[], into: Uint8Array = new Uint8Array(BLOOM_BYTES)): Uint8Array {
  for (const log of logs) {
    bloomAdd(into, log.address);
    for (const topic of log.topics) bloomAdd(into, topic);
  }
  return into;
}

/** True if `value` may be in the bloom (all three bits set). */
export function bloomContains(bloom: Uint8Array, value: Uint8Array): boolean {
  const probe = new Uint8Array(BLOOM_BYTES);
  bloomAdd(probe, value);
  for (let i = 0; i < BLOOM_BYTES; i++) if ((bloom[i]! & probe[i]!) !== probe[i]) return false;
  return true;
}
