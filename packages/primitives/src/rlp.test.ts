import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes.js';
import { BaseError } from './errors.js';
import {
  RlpError,
  type RlpInput,
  type RlpItem,
  rlpBytes,
  rlpDecode,
  rlpDecodePrefix,
  rlpEncode,
  rlpList,
  rlpUint,
} from './rlp.js';
import { utf8ToBytes } from './utf8.js';

const enc = (input: RlpInput) => bytesToHex(rlpEncode(input));
const dec = (hex: string) => rlpDecode(hexToBytes(hex));
const s = (text: string) => utf8ToBytes(text);

function expectRlpError(hex: string, reason: string | RegExp): void {
  try {
    dec(hex);
  } catch (e) {
    expect(e).toBeInstanceOf(RlpError);
    expect((e as RlpError).name).toBe('RlpError');
    expect((e as RlpError).shortMessage).toMatch(reason);
    return;
  }
  expect.unreachable(`decoding ${hex} should fail`);
}

describe('rlpEncode (Yellow Paper appendix B)', () => {
  it('single bytes below 0x80 are their own encoding', () => {
    expect(enc(Uint8Array.of(0x00))).toBe('0x00');
    expect(enc(Uint8Array.of(0x7f))).toBe('0x7f');
    expect(enc(Uint8Array.of(0x80))).toBe('0x8180');
  });
  it('strings up to 55 bytes get a one-byte header', () => {
    expect(enc(new Uint8Array(0))).toBe('0x80');
    expect(enc(s('dog'))).toBe('0x83646f67');
    expect(enc(new Uint8Array(55).fill(1)).slice(0, 4)).toBe('0xb7');
  });
  it('strings of 56+ bytes get a long header with a minimal length', () => {
    expect(enc(new Uint8Array(56).fill(1)).slice(0, 6)).toBe('0xb838');
    expect(enc(new Uint8Array(256).fill(1)).slice(0, 8)).toBe('0xb90100');
    expect(enc(new Uint8Array(65536)).slice(0, 10)).toBe('0xba010000');
  });
  it('lists', () => {
    expect(enc([])).toBe('0xc0');
    expect(enc([s('cat'), s('dog')])).toBe('0xc88363617483646f67');
    expect(enc([[], [[]], [[], [[]]]])).toBe('0xc7c0c1c0c3c0c1c0');
    const long = enc(Array.from({ length: 56 }, () => Uint8Array.of(1)));
    expect(long.slice(0, 6)).toBe('0xf838');
  });
  it('integers are minimal big-endian strings', () => {
    expect(enc(0)).toBe('0x80');
    expect(enc(0n)).toBe('0x80');
    expect(enc(15)).toBe('0x0f');
    expect(enc(127n)).toBe('0x7f');
    expect(enc(128)).toBe('0x8180');
    expect(enc(1024)).toBe('0x820400');
    expect(enc(2n ** 256n - 1n)).toBe(`0xa0${'ff'.repeat(32)}`);
  });
  it('rejects numbers that are not safe non-negative integers', () => {
    expect(() => rlpEncode(-1)).toThrow(BaseError);
    expect(() => rlpEncode(1.5)).toThrow('rlp: cannot encode number 1.5');
    expect(() => rlpEncode(2 ** 60)).toThrow(BaseError);
    expect(() => rlpEncode(-1n)).toThrow(BaseError);
  });
});

describe('rlpDecode', () => {
  it('decodes what it encodes', () => {
    expect(dec('0x83646f67')).toEqual(s('dog'));
    expect(dec('0xc88363617483646f67')).toEqual([s('cat'), s('dog')]);
    expect(dec('0x00')).toEqual(Uint8Array.of(0));
    expect(dec('0x80')).toEqual(new Uint8Array(0));
    expect(dec('0xc0')).toEqual([]);
  });

  describe('strictness: every non-canonical form is an RlpError', () => {
    it('a single byte below 0x80 wrapped in a header', () => {
      expectRlpError('0x8100', 'single byte below 0x80 must not have a header');
      expectRlpError('0x817f', 'single byte below 0x80 must not have a header');
      expect(dec('0x8180')).toEqual(Uint8Array.of(0x80));
    });
    it('the long form for a payload of ≤ 55 bytes', () => {
      expectRlpError(`0xb837${'01'.repeat(55)}`, 'long form used for a payload of ≤ 55 bytes');
      expectRlpError('0xb800', /long form|leading zero/);
      expectRlpError(`0xf837${'01'.repeat(55)}`, 'long form used for a payload of ≤ 55 bytes');
      expectRlpError('0xb801ff', 'long form');
    });
    it('leading zeros in the length', () => {
      expectRlpError(`0xb90038${'01'.repeat(56)}`, 'length with leading zero');
      expectRlpError(`0xf90038${'01'.repeat(56)}`, 'length with leading zero');
    });
    it('trailing bytes after the item', () => {
      expectRlpError('0x8001', '1 trailing byte(s)');
      expectRlpError('0xc00000', '2 trailing byte(s)');
      try {
        dec('0x83646f6700');
      } catch (e) {
        expect((e as RlpError).offset).toBe(4);
      }
    });
    it('lengths that run past the input', () => {
      expectRlpError('0x', 'unexpected end of input');
      expectRlpError('0x83646f', 'string of 3 bytes runs past the input');
      expectRlpError('0xc3', 'list of 3 bytes runs past the input');
      expectRlpError('0xb9', 'length prefix runs past the input');
      expectRlpError(`0xb83a${'01'.repeat(57)}`, 'string of 58 bytes runs past the input');
      expectRlpError('0xbf0f000000000000021111', /length too large|runs past/);
    });
    it('a list item that runs past the end of its list', () => {
      // Outer list claims 2 bytes but its child string is 3 bytes long.
      expectRlpError('0xc283646f67', 'list item runs past the end of its list');
    });
    it('nesting deeper than the limit', () => {
      let item: RlpInput = [];
      for (let i = 0; i < 2000; i++) item = [item];
      expect(() => rlpDecode(rlpEncode(item))).toThrow('nesting too deep');
      let shallow: RlpInput = [];
      for (let i = 0; i < 1000; i++) shallow = [shallow];
      expect(rlpEncode(rlpDecode(rlpEncode(shallow)))).toEqual(rlpEncode(shallow));
    });
  });

  it('returns subarray views of the input (no copy)', () => {
    const data = hexToBytes('0xc88363617483646f67');
    const out = rlpDecode(data) as Uint8Array[];
    expect(out[0]!.buffer).toBe(data.buffer);
  });
});

describe('rlpDecodePrefix', () => {
  it('decodes one item of a stream and returns the next offset', () => {
    const data = hexToBytes('0x83646f67c0');
    const [a, next] = rlpDecodePrefix(data);
    expect(a).toEqual(s('dog'));
    expect(next).toBe(4);
    const [b, end] = rlpDecodePrefix(data, next);
    expect(b).toEqual([]);
    expect(end).toBe(5);
    expect(() => rlpDecodePrefix(data, end)).toThrow(RlpError);
  });
});

describe('narrowing helpers', () => {
  const item = rlpDecode(hexToBytes('0xc5820400c180')) as RlpItem[];
  it('rlpBytes / rlpList check the kind and name the field', () => {
    expect(rlpBytes(item[0], 'nonce')).toEqual(Uint8Array.of(4, 0));
    expect(() => rlpBytes(item[1], 'nonce')).toThrow('rlp: nonce must be a byte string');
    expect(rlpList(item[1], 'logs')).toHaveLength(1);
    expect(() => rlpList(item[0], 'logs')).toThrow('rlp: logs must be a list');
    expect(() => rlpBytes(undefined, 'x')).toThrow(RlpError);
  });
  it('rlpUint reads canonical integers and rejects leading zeros', () => {
    expect(rlpUint(item[0], 'nonce')).toBe(1024n);
    expect(rlpUint(new Uint8Array(0), 'nonce')).toBe(0n);
    expect(() => rlpUint(Uint8Array.of(0, 1), 'nonce')).toThrow('rlp: nonce has a leading zero byte');
    // The typed RlpError (no offset: the item is already decoded), not a bare BaseError.
    expect(() => rlpUint(Uint8Array.of(0), 'nonce')).toThrow(RlpError);
    expect(() => rlpUint([], 'nonce')).toThrow(RlpError);
  });
});

// Property tests: arbitrary nested structures survive encode → decode, and the encoding is the
// unique canonical one (re-encoding the decoded value gives identical bytes).
const rlpTree: fc.Arbitrary<RlpItem> = fc.letrec<{ node: RlpItem }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 80 }),
    fc.array(tie('node'), { maxLength: 6 }),
  ),
})).node;

describe('properties', () => {
  it('decode(encode(x)) = x for nested structures', () => {
    fc.assert(
      fc.property(rlpTree, (tree) => {
        const encoded = rlpEncode(tree);
        expect(rlpDecode(encoded)).toEqual(tree);
        expect(rlpEncode(rlpDecode(encoded))).toEqual(encoded);
      }),
      { numRuns: 500 },
    );
  });
  it('integers round-trip through minimal byte strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), (n) => {
        expect(rlpUint(rlpDecode(rlpEncode(n)), 'n')).toBe(n);
      }),
    );
  });
  it('any input either decodes canonically or throws RlpError (never anything else)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let decoded: RlpItem;
        try {
          decoded = rlpDecode(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(RlpError);
          return;
        }
        expect(rlpEncode(decoded)).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
