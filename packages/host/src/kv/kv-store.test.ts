import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { FileKv } from './file-kv.js';
import type { KvStore } from './kv-store.js';
import { LmdbKv } from './lmdb-kv.js';
import { MemoryKv } from './memory-kv.js';

function keyOf(data: Uint8Array): Uint8Array {
  const k = keccak256(data);
  k[0] = 2;
  return k;
}

const dir = () => mkdtempSync(join(tmpdir(), 'faultline-kv-'));

const stores: [string, () => KvStore][] = [
  ['memory', () => new MemoryKv()],
  ['file', () => new FileKv(dir(), 'file')],
  ['directory', () => new FileKv(dir(), 'directory')],
  ['lmdb', () => new LmdbKv(dir())],
];

describe.each(stores)('%s store', (_name, make) => {
  it('stores and returns values, answers undefined for missing keys', () => {
    const kv = make();
    const a = utf8ToBytes('alpha');
    const empty = new Uint8Array(0);
    kv.put(keyOf(a), a);
    kv.put(keyOf(empty), empty);
    expect(kv.get(keyOf(a))).toEqual(a);
    expect(kv.get(keyOf(empty))).toEqual(empty);
    expect(kv.get(keyOf(utf8ToBytes('missing')))).toBeUndefined();
    kv.put(keyOf(a), a);
    expect(kv.get(keyOf(a))).toEqual(a);
    kv.close();
  });

  it('values read earlier stay intact after later reads, small and large (lmdb reuses its read buffer)', () => {
    const kv = make();
    const values = [100, 3, 300_000, 0, 4096, 70_000].map((n, i) => new Uint8Array(n).fill(i + 1));
    for (const v of values) kv.put(keyOf(v), v);
    const read = values.map((v) => kv.get(keyOf(v)));
    read.forEach((r, i) => {
      expect(r).toBeInstanceOf(Uint8Array);
      expect(r).toEqual(values[i]);
    });
    kv.close();
  });
});

describe('memory store', () => {
  it('keeps keys apart that share a hash bucket and keys that differ in one byte', () => {
    // The memory store hashes bytes 1-4 and 28-31 of a 32-byte key; these differ only between.
    const sameBucket = [5, 6, 7].map((b) => {
      const k = new Uint8Array(32).fill(0xaa);
      k[0] = 2;
      k[15] = b;
      return k;
    });
    const local = [1, 2, 3].map((i) => {
      const k = new Uint8Array(32);
      k[0] = 1;
      k[31] = i;
      return k;
    });
    const kv = new MemoryKv();
    for (const k of [...sameBucket.slice(0, 2), ...local]) kv.put(k, k.subarray(15, 16));
    expect(kv.get(sameBucket[0]!)).toEqual(Uint8Array.of(5));
    expect(kv.get(sameBucket[1]!)).toEqual(Uint8Array.of(6));
    expect(kv.get(sameBucket[2]!)).toBeUndefined();
    expect(local.map((k) => kv.get(k)?.length)).toEqual([1, 1, 1]);
    kv.put(sameBucket[0]!, Uint8Array.of(9));
    expect(kv.get(sameBucket[0]!)).toEqual(Uint8Array.of(9));
    expect(kv.get(sameBucket[1]!)).toEqual(Uint8Array.of(6));
    expect(kv.size).toBe(5);
    // The store keeps its own copy of the key: a caller reusing its key buffer changes nothing.
    const reused = sameBucket[1]!.slice();
    kv.put(reused, Uint8Array.of(1));
    reused[15] = 99;
    expect(kv.get(sameBucket[1]!)).toEqual(Uint8Array.of(1));
  });
});

describe('op-program datadir layouts', () => {
  const key = hexToBytes('0x02abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567');
  const value = hexToBytes('0xdeadbeef00');

  it('file layout: <datadir>/0x<key>.txt holding hex without 0x, no temp files left', () => {
    const d = dir();
    new FileKv(d, 'file').put(key, value);
    expect(readdirSync(d)).toEqual([`${bytesToHex(key)}.txt`]);
    expect(readFileSync(join(d, `${bytesToHex(key)}.txt`), 'utf8')).toBe('deadbeef00');
  });

  it('directory layout: <datadir>/<4 hex>/<60 hex>.txt', () => {
    const d = dir();
    new FileKv(d, 'directory').put(key, value);
    expect(readdirSync(d)).toEqual(['02ab']);
    expect(readdirSync(join(d, '02ab'))).toEqual(['cdef0123456789abcdef0123456789abcdef0123456789abcdef01234567.txt']);
    expect(
      readFileSync(join(d, '02ab', 'cdef0123456789abcdef0123456789abcdef0123456789abcdef01234567.txt'), 'utf8'),
    ).toBe('deadbeef00');
  });

  it('reads datadirs written by hand in both layouts', () => {
    const f = dir();
    writeFileSync(join(f, `${bytesToHex(key)}.txt`), 'cafe');
    expect(new FileKv(f, 'file').get(key)).toEqual(hexToBytes('0xcafe'));
    const d = dir();
    mkdirSync(join(d, '02ab'));
    writeFileSync(join(d, '02ab', `${bytesToHex(key).slice(6)}.txt`), 'f00d');
    expect(new FileKv(d, 'directory').get(key)).toEqual(hexToBytes('0xf00d'));
  });
});
