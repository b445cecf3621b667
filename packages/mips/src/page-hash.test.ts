/**
 * The batched kernel calls against noble's keccak: a level of sibling pairs hashed in place
 * (odd and even counts, up to the area's size), and a batch of pages hashed to their subtree
 * roots from the memories' word arrays (big-endian word values, byte-swapped on the way in).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { PAGE_WORDS } from './constants.js';
import { area, copyPage, hashMessages, hashPagesInArea, MAX_MESSAGES, PAGE_BATCH } from './page-hash.js';

function words(seed: number): Uint32Array {
  const w = new Uint32Array(PAGE_WORDS);
  let x = seed;
  for (let i = 0; i < w.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    w[i] = x >>> 0;
  }
  return w;
}

function referencePageRoot(page: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(4096);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < page.length; i++) view.setUint32(4 * i, page[i]!, false);
  let level: Uint8Array[] = [];
  for (let i = 0; i < 128; i++) level.push(bytes.subarray(32 * i, 32 * i + 32));
  while (level.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(keccak_256(new Uint8Array([...level[i]!, ...level[i + 1]!])));
    level = up;
  }
  return level[0]!;
}

describe('page-hash', () => {
  it('hashMessages: digest i of message i, packed from the start, for odd, even and full counts', () => {
    for (const count of [1, 2, 7, MAX_MESSAGES]) {
      const messages: Uint8Array[] = [];
      for (let i = 0; i < count; i++) {
        const m = new Uint8Array(64).map((_, j) => (i * 31 + j * 7 + count) & 0xff);
        messages.push(m);
        area().set(m, 64 * i);
      }
      hashMessages(count);
      for (const i of [0, count >>> 1, count - 1])
        expect(area().slice(32 * i, 32 * i + 32)).toEqual(keccak_256(messages[i]!));
    }
  });

  it('hashPagesInArea: the subtree roots of 1, 3 and PAGE_BATCH pages in page order', () => {
    for (const count of [1, 3, PAGE_BATCH]) {
      const pages = Array.from({ length: count }, (_, k) => words(k + 17 * count));
      for (let k = 0; k < count; k++) copyPage(pages[k]!, k * PAGE_WORDS);
      hashPagesInArea(count);
      for (let k = 0; k < count; k++) expect(area().slice(32 * k, 32 * k + 32)).toEqual(referencePageRoot(pages[k]!));
    }
  });
});
