import { readdirSync, readFileSync } from 'node:fs';
import { recoverAuthority } from '@faultline/evm';
import { bytesToHex, hexToBytes, keccak256, rlpEncode } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizationSigningHash } from './authorization.js';
import { TransactionError } from './errors.js';
import { SECP256K1_N } from './signature.js';
import { decodeTransaction, encodeTransaction, recoverSender, signingHash, transactionHash } from './transaction.js';
import type { Eip7702Transaction } from './tx-types.js';
import { validateTransaction } from './tx-validation.js';

const root = fixturePath();
const fixtures = root ? readdirSync(root).filter((n) => n.startsWith('kona-exec-')) : [];

describe.runIf(fixtures.length > 0)('every transaction of the kona fixture blocks', () => {
  for (const name of fixtures) {
    it(`${name}: decodes, re-encodes byte-identically and (non-deposits) recovers a sender`, () => {
      const fx = JSON.parse(readFileSync(`${root}/${name}/fixture.json`, 'utf8'));
      const chainId = BigInt(fx.rollup_config.l2_chain_id);
      for (const hex of fx.executing_payload.transactions as string[]) {
        const tx = decodeTransaction(hexToBytes(hex));
        expect(bytesToHex(encodeTransaction(tx))).toBe(hex);
        expect(transactionHash(tx)).toEqual(keccak256(hexToBytes(hex)));
        validateTransaction(tx, { fork: 'Cancun', chainId, opStack: true });
      }
    });
  }
});

const PRIV = hexToBytes(`0x${'42'.repeat(32)}`);
const ADDRESS = keccak256(secp256k1.getPublicKey(PRIV, false).subarray(1)).subarray(12);

function sign(hash: Uint8Array, priv = PRIV) {
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(hash, priv, { prehash: false, format: 'recovered' }),
    'recovered',
  );
  return { yParity: BigInt(sig.recovery!), r: sig.r, s: sig.s };
}

describe('signing and recovery', () => {
  const base: Omit<Eip7702Transaction, 'yParity' | 'r' | 's'> = {
    type: 0x04,
    chainId: 10n,
    nonce: 7n,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 100n,
    gasLimit: 100_000n,
    to: new Uint8Array(20).fill(0xaa),
    value: 0n,
    data: Uint8Array.of(1, 0, 2),
    accessList: [{ address: new Uint8Array(20).fill(1), storageKeys: [new Uint8Array(32)] }],
    authorizationList: [],
  };

  it('recovers the sender and the EIP-7702 authority signed with a known key', () => {
    const auth = { chainId: 10n, address: new Uint8Array(20).fill(0xbb), nonce: 8n };
    const authorizationList = [{ ...auth, ...sign(authorizationSigningHash(auth)) }];
    const unsigned = { ...base, authorizationList, yParity: 0n, r: 1n, s: 1n };
    const tx: Eip7702Transaction = { ...unsigned, ...sign(signingHash(unsigned)) };
    expect(recoverSender(tx)).toEqual(ADDRESS);
    const signed = tx.authorizationList[0]!;
    expect(recoverAuthority({ ...signed, address: bytesToHex(signed.address) })).toBe(bytesToHex(ADDRESS));
    const roundTrip = decodeTransaction(encodeTransaction(tx));
    expect(roundTrip).toEqual(tx);
    expect(validateTransaction(tx, { fork: 'Prague', chainId: 10n }).intrinsicGas).toBe(
      21_000n + 4n + 2n * 16n + 2_400n + 1_900n + 25_000n,
    );
    expect(() => validateTransaction(tx, { fork: 'Cancun', chainId: 10n })).toThrow(/type 4 is not active/);
  });

  it('rejects high-s from Homestead on, accepts it in Frontier (EIP-2)', () => {
    const unsigned = { ...base, authorizationList: [], yParity: 0n, r: 1n, s: 1n };
    const sig = sign(signingHash(unsigned));
    const high = { ...unsigned, yParity: 1n - sig.yParity, r: sig.r, s: SECP256K1_N - sig.s };
    expect(() => recoverSender(high)).toThrow(TransactionError);
    expect(recoverSender(high, { lowS: false })).toEqual(ADDRESS);
  });

  it('accepts blob transactions on L1 (Cancun) but not on an OP Stack chain', () => {
    const unsigned = {
      ...base,
      type: 0x03 as const,
      maxFeePerBlobGas: 1n,
      blobVersionedHashes: [Uint8Array.of(1, ...new Uint8Array(31))],
      yParity: 0n,
      r: 1n,
      s: 1n,
    };
    const { authorizationList: _unused, ...blobTx } = unsigned;
    const tx = { ...blobTx, ...sign(signingHash(blobTx)) };
    expect(validateTransaction(tx, { fork: 'Cancun', chainId: 10n }).sender).toEqual(ADDRESS);
    expect(() => validateTransaction(tx, { fork: 'Cancun', chainId: 10n, opStack: true })).toThrow(
      'transaction: blob transactions are disabled on OP Stack chains',
    );
  });

  it('skips (undefined) an authorization with an invalid signature', () => {
    const zero = '0x0000000000000000000000000000000000000000';
    expect(recoverAuthority({ chainId: 1n, address: zero, nonce: 0n, yParity: 2n, r: 1n, s: 1n })).toBe(undefined);
  });

  it('rejects non-canonical encodings with typed errors', () => {
    const legacy = encodeTransaction({
      type: 0,
      nonce: 0n,
      gasPrice: 1n,
      gasLimit: 21_000n,
      to: null,
      value: 0n,
      data: new Uint8Array(0),
      v: 27n,
      r: 1n,
      s: 1n,
    });
    expect(() => decodeTransaction(legacy.subarray(0, legacy.length - 1))).toThrow(TransactionError);
    const e = new Uint8Array(0);
    const fields = [Uint8Array.of(0, 1), 1n, 21_000n, e, 0n, e, 27n, 1n, 1n];
    expect(() => decodeTransaction(rlpEncode(fields))).toThrow('transaction: nonce: integer has a leading zero byte');
    fields[0] = new Uint8Array(9).fill(1);
    expect(() => decodeTransaction(rlpEncode(fields))).toThrow('transaction: nonce: expected at most 8 bytes, got 9');
    fields[0] = 0n;
    fields[3] = new Uint8Array(19);
    expect(() => decodeTransaction(rlpEncode(fields))).toThrow('transaction: to: expected 20 bytes, got 19');
    expect(() => decodeTransaction(Uint8Array.of(0x05, 0xc0))).toThrow('transaction: unknown transaction type 0x05');
    expect(() => decodeTransaction(Uint8Array.of(0x7d, 0xc0))).toThrow(
      'transaction: Lagoon post-execution transaction (type 0x7d): not supported, Lagoon execution is not implemented',
    );
    expect(() => decodeTransaction(Uint8Array.of(0x7d, 0xc0))).toThrow(TransactionError);
    expect(() => decodeTransaction(Uint8Array.of(0x02, 0xc0))).toThrow(
      'transaction: EIP-1559 transaction: expected 12 fields, got 0',
    );
  });
});

describe('codec round trips (property)', () => {
  const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
  const accessList = fc.array(fc.record({ address: bytes(20), storageKeys: fc.array(bytes(32), { maxLength: 3 }) }), {
    maxLength: 3,
  });
  const common = {
    chainId: u256,
    nonce: u64,
    gasLimit: u64,
    value: u256,
    data: fc.uint8Array({ maxLength: 64 }),
    accessList,
    yParity: fc.constantFrom(0n, 1n),
    r: u256,
    s: u256,
  };
  const arbitraries = [
    fc.record({ type: fc.constant(0x01 as const), gasPrice: u256, to: fc.option(bytes(20)), ...common }),
    fc.record({
      type: fc.constant(0x02 as const),
      maxPriorityFeePerGas: u256,
      maxFeePerGas: u256,
      to: fc.option(bytes(20)),
      ...common,
    }),
    fc.record({
      type: fc.constant(0x03 as const),
      maxPriorityFeePerGas: u256,
      maxFeePerGas: u256,
      to: bytes(20),
      maxFeePerBlobGas: u256,
      blobVersionedHashes: fc.array(bytes(32), { maxLength: 3 }),
      ...common,
    }),
    fc.record({
      type: fc.constant(0x7e as const),
      sourceHash: bytes(32),
      from: bytes(20),
      to: fc.option(bytes(20)),
      mint: u256,
      value: u256,
      gasLimit: u64,
      isSystemTx: fc.boolean(),
      data: fc.uint8Array({ maxLength: 64 }),
    }),
    fc.record({
      type: fc.constant(0x00 as const),
      nonce: u64,
      gasPrice: u256,
      gasLimit: u64,
      to: fc.option(bytes(20)),
      value: u256,
      data: fc.uint8Array({ maxLength: 64 }),
      v: u256,
      r: u256,
      s: u256,
    }),
  ];
  it.each(arbitraries.map((a, i) => [i, a] as const))('arbitrary #%i: decode(encode(tx)) = tx', (_i, arb) => {
    fc.assert(
      fc.property(arb, (tx) => {
        const enc = encodeTransaction(tx as Parameters<typeof encodeTransaction>[0]);
        expect(decodeTransaction(enc)).toEqual(tx);
      }),
      { numRuns: 200 },
    );
  });
});
