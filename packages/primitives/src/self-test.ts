/**
 * Known-answer checks of the engine and the crypto backend, run by the fault-proof program
 * before it reads anything (client.elf's entry; exit 2 on any failure). They exist because an
 * engine can be silently wrong: QuickJS 2025-04-26 printed a 256-bit BigInt with its top bit set
 * with an extra leading 0 in `toString(16)` (client-elf-notes.md), which made every recovered
 * sender wrong without a single exception — and a wrong sender is a wrong verdict.
 */
import { bytesToHex, hexToBytes } from './bytes.js';
import { keccak256, sha256 } from './hash.js';
import { recoverPublicKey } from './secp256k1.js';
import { utf8ToBytes } from './utf8.js';

interface Check {
  name: string;
  /** Returns the value computed here, compared as text with `want`. */
  run: () => string;
  want: string;
}

const TOP = 1n << 255n;

const CHECKS: readonly Check[] = [
  // FIPS 202 / Keccak team test vectors as used by Ethereum (keccak-256, original padding).
  {
    name: 'keccak256("")',
    run: () => bytesToHex(keccak256(new Uint8Array(0))),
    want: '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
  },
  {
    name: 'keccak256("abc")',
    run: () => bytesToHex(keccak256(utf8ToBytes('abc'))),
    want: '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
  },
  // FIPS 180-4 appendix B.1.
  {
    name: 'sha256("abc")',
    run: () => bytesToHex(sha256(utf8ToBytes('abc'))),
    want: '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  },
  // go-ethereum's precompile vector "ValidKey" (core/vm/testdata/precompiles/ecRecover.json).
  {
    name: 'secp256k1 recovery',
    run: () => {
      const hash = hexToBytes('0x18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c');
      const r = 0x73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75fn;
      const s = 0xeeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549n;
      const pub = recoverPublicKey(hash, r, s, 1);
      return pub === undefined ? 'no key' : bytesToHex(keccak256(pub.subarray(1)).subarray(12));
    },
    want: '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b',
  },
  {
    name: 'BigInt 2^255 toString(16)',
    run: () => TOP.toString(16),
    want: `8${'0'.repeat(63)}`,
  },
  {
    name: 'BigInt 2^255 toString(2)',
    run: () => TOP.toString(2),
    want: `1${'0'.repeat(255)}`,
  },
  {
    name: 'BigInt 2^256-1 toString(16)',
    run: () => ((1n << 256n) - 1n).toString(16),
    want: 'f'.repeat(64),
  },
  {
    name: 'BigInt parse and mulmod',
    run: () => ((BigInt(`0x${'f'.repeat(64)}`) * (TOP + 3n)) % (TOP - 19n)).toString(16),
    // (2^256-1)(2^255+3) mod (2^255-19): with 2^255 ≡ 19, 2^256 ≡ 38, so (37)(22) = 814 = 0x32e.
    want: '32e',
  },
];

/** One line per failed check ("name: got X, want Y"); empty when the engine is sound. */
export function runSelfTest(): string[] {
  const problems: string[] = [];
  for (const c of CHECKS) {
    let got: string;
    try {
      got = c.run();
    } catch (e) {
      got = `threw ${(e as Error).message}`;
    }
    if (got !== c.want) problems.push(`${c.name}: got ${got}, want ${c.want}`);
  }
  return problems;
}
