import { describe, expect, it } from 'vitest';
import { addressToBytes, bytesToAddress, create2Address, createAddress, toChecksumAddress } from './address.js';
import { bytesToHex, hexToBytes } from './bytes.js';
import { InvalidHexError, SizeError } from './errors.js';
import { keccak256 } from './hash.js';

// EIP-55 "Test Cases" section (all caps, all lower, normal).
const EIP55 = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

// EIP-1014 "Examples" 0–6: [sender, salt, init_code, result].
const CREATE2 = [
  ['0x0000000000000000000000000000000000000000', '0x00', '0x00', '0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38'],
  ['0xdeadbeef00000000000000000000000000000000', '0x00', '0x00', '0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3'],
  [
    '0xdeadbeef00000000000000000000000000000000',
    '0x000000000000000000000000feed000000000000000000000000000000000000',
    '0x00',
    '0xD04116cDd17beBE565EB2422F2497E06cC1C9833',
  ],
  ['0x0000000000000000000000000000000000000000', '0x00', '0xdeadbeef', '0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e'],
  [
    '0x00000000000000000000000000000000deadbeef',
    '0xcafebabe',
    '0xdeadbeef',
    '0x60f3f640a8508fC6a86d45DF051962668E1e8AC7',
  ],
  [
    '0x00000000000000000000000000000000deadbeef',
    '0xcafebabe',
    `0x${'deadbeef'.repeat(11)}`,
    '0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C',
  ],
  ['0x0000000000000000000000000000000000000000', '0x00', '0x', '0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0'],
] as const;

function salt32(hex: string): Uint8Array {
  const b = hexToBytes(hex);
  const out = new Uint8Array(32);
  out.set(b, 32 - b.length);
  return out;
}

describe('toChecksumAddress (EIP-55)', () => {
  it.each(EIP55)('%s', (addr) => {
    expect(toChecksumAddress(addr.toLowerCase())).toBe(addr);
    expect(toChecksumAddress(addr.toUpperCase().replace('0X', '0x'))).toBe(addr);
  });
  it('rejects wrong lengths and bad hex', () => {
    expect(() => toChecksumAddress('0x1234')).toThrow(SizeError);
    expect(() => toChecksumAddress(`0x${'zz'.repeat(20)}`)).toThrow(InvalidHexError);
    expect(() => addressToBytes(`0x${'00'.repeat(21)}`)).toThrow('hex: expected 20 bytes, got 21');
  });
  it('bytesToAddress is lower-case hex', () => {
    expect(bytesToAddress(new Uint8Array(20).fill(0xab))).toBe(`0x${'ab'.repeat(20)}`);
  });
});

describe('create2Address (EIP-1014 examples)', () => {
  it.each(CREATE2)('sender %s salt %s code %s', (sender, salt, code, result) => {
    const addr = create2Address(hexToBytes(sender), salt32(salt), keccak256(hexToBytes(code)));
    expect(toChecksumAddress(bytesToHex(addr))).toBe(result);
  });
});

describe('createAddress', () => {
  // The well-known sequence for sender 0x6ac7ea33…dbf0 (e.g. ethereum.stackexchange #760).
  const sender = hexToBytes('0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0');
  it.each([
    [0n, '0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d'],
    [1n, '0x343c43a37d37dff08ae8c4a11544c718abb4fcf8'],
    [2n, '0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91'],
    [3n, '0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c'],
  ])('nonce %s', (nonce, expected) => {
    expect(bytesToHex(createAddress(sender, nonce))).toBe(expected);
  });
});
