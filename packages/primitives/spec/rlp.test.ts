/**
 * ethereum/tests RLPTests: every case of rlptest.json, invalidRLPTest.json and
 * RandomRLPTests/*.json. Valid cases: `in` encodes to `out` and `out` decodes back to `in`
 * ("VALID" means the bytes must decode and re-encode identically). Invalid cases: decoding
 * must throw `RlpError`. Strings in `in` are UTF-8; "#123" is a big integer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { bytesToHex, looseHexToBytes } from '../src/bytes.js';
import { RlpError, type RlpInput, type RlpItem, rlpDecode, rlpEncode } from '../src/rlp.js';
import { utf8ToBytes } from '../src/utf8.js';

type JsonIn = string | number | JsonIn[];
type Case = { in: JsonIn; out: string };

const dir = fixturePath('ethereum-tests', 'tests', 'RLPTests');

function toInput(value: JsonIn): RlpInput {
  if (Array.isArray(value)) return value.map(toInput);
  if (typeof value === 'number') return value;
  if (value.startsWith('#')) return BigInt(value.slice(1));
  return utf8ToBytes(value);
}

/** The decoded form of `toInput(value)`: integers become their minimal byte strings. */
function toItem(value: JsonIn): RlpItem {
  const encoded = rlpEncode(toInput(value));
  return rlpDecode(encoded);
}

function load(file: string): [string, Case][] {
  return Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Case>);
}

describe.runIf(dir)('RLPTests', () => {
  const root = dir!;
  const files = [
    join(root, 'rlptest.json'),
    join(root, 'invalidRLPTest.json'),
    ...readdirSync(join(root, 'RandomRLPTests')).map((f) => join(root, 'RandomRLPTests', f)),
  ];
  for (const file of files) {
    const cases = load(file);
    describe(file.slice(root.length + 1), () => {
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));
      for (const [name, c] of cases) {
        const out = looseHexToBytes(c.out);
        if (c.in === 'INVALID') {
          it(`${name} is rejected`, () => {
            expect(() => rlpDecode(out)).toThrow(RlpError);
          });
        } else if (c.in === 'VALID') {
          it(`${name} decodes and re-encodes identically`, () => {
            expect(bytesToHex(rlpEncode(rlpDecode(out)))).toBe(bytesToHex(out));
          });
        } else {
          it(`${name} encodes to out and decodes back`, () => {
            expect(bytesToHex(rlpEncode(toInput(c.in)))).toBe(bytesToHex(out));
            expect(rlpDecode(out)).toEqual(toItem(c.in));
          });
        }
      }
    });
  }
});
