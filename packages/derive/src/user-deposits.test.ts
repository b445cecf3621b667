import { bigIntToBytes, concatBytes, hexToBytes } from '@faultline/primitives';
import { decodeTransaction, encodeTransaction, userDepositSourceHash } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { DEPOSIT_EVENT_TOPIC, DepositLogError, decodeDepositLog, deriveUserDeposits } from './user-deposits.js';

const PORTAL = hexToBytes('0xbeb5fc579115071764c7423a4f12edde41f106ed');
const FROM = new Uint8Array(20).fill(0xaa);
const TO = new Uint8Array(20).fill(0xbb);
const BLOCK = new Uint8Array(32).fill(0x11);
const word = (n: bigint) => bigIntToBytes(n, 32);
const topic = (addr: Uint8Array) => concatBytes(new Uint8Array(12), addr);

/** ABI-encodes `bytes opaqueData` as Solidity does: offset, length, data padded to a word. */
function abiBytes(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(data.length / 32) * 32);
  padded.set(data);
  return concatBytes(word(32n), word(BigInt(data.length)), padded);
}

function opaque(mint: bigint, value: bigint, gas: bigint, creation: boolean, data: Uint8Array): Uint8Array {
  return concatBytes(word(mint), word(value), bigIntToBytes(gas, 8), new Uint8Array([creation ? 1 : 0]), data);
}

const depositLog = (o: Partial<{ topics: Uint8Array[]; data: Uint8Array }> = {}) => ({
  address: PORTAL,
  topics: o.topics ?? [DEPOSIT_EVENT_TOPIC, topic(FROM), topic(TO), new Uint8Array(32)],
  data: o.data ?? abiBytes(opaque(5n, 7n, 100_000n, false, new Uint8Array([0xca, 0xfe]))),
});

describe('decodeDepositLog', () => {
  it('decodes a version-0 TransactionDeposited log', () => {
    const dep = decodeDepositLog(depositLog(), BLOCK, 3n);
    expect(dep).toEqual({
      type: 0x7e,
      sourceHash: userDepositSourceHash(BLOCK, 3n),
      from: FROM,
      to: TO,
      mint: 5n,
      value: 7n,
      gasLimit: 100_000n,
      isSystemTx: false,
      data: new Uint8Array([0xca, 0xfe]),
    });
    // The deposit round-trips through protocol's EIP-2718 codec.
    expect(decodeTransaction(encodeTransaction(dep))).toEqual(dep);
  });

  it('a creation deposit has no to', () => {
    const dep = decodeDepositLog(
      depositLog({ data: abiBytes(opaque(0n, 0n, 21_000n, true, new Uint8Array(40))) }),
      BLOCK,
      0n,
    );
    expect(dep.to).toBeNull();
    expect(dep.data.length).toBe(40);
  });

  const bad: [string, ReturnType<typeof depositLog>][] = [
    ['three topics', depositLog({ topics: [DEPOSIT_EVENT_TOPIC, topic(FROM), topic(TO)] })],
    ['a wrong event', depositLog({ topics: [new Uint8Array(32), topic(FROM), topic(TO), new Uint8Array(32)] })],
    ['version 1', depositLog({ topics: [DEPOSIT_EVENT_TOPIC, topic(FROM), topic(TO), word(1n)] })],
    ['data not whole words', depositLog({ data: new Uint8Array(65) })],
    ['a wrong offset', depositLog({ data: concatBytes(word(64n), word(73n), new Uint8Array(96)) })],
    ['a length past the data', depositLog({ data: concatBytes(word(32n), word(200n), new Uint8Array(96)) })],
    ['extra padding', depositLog({ data: concatBytes(word(32n), word(73n), new Uint8Array(128)) })],
    ['short opaqueData', depositLog({ data: abiBytes(new Uint8Array(72)) })],
  ];
  for (const [name, log] of bad) {
    it(`rejects ${name} as a critical error`, () => {
      try {
        decodeDepositLog(log, BLOCK, 0n);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DepositLogError);
        expect((e as DepositLogError).severity).toBe('critical');
      }
    });
  }
});

describe('deriveUserDeposits', () => {
  it('numbers logs across receipts and skips failed receipts and other contracts', () => {
    const other = { address: new Uint8Array(20).fill(1), topics: [DEPOSIT_EVENT_TOPIC], data: new Uint8Array(0) };
    const receipts = [
      { status: true, logs: [other, depositLog()] },
      { status: false, logs: [depositLog({ data: new Uint8Array(1) })] },
      { status: true, logs: [depositLog()] },
    ];
    const deps = deriveUserDeposits(receipts, PORTAL, BLOCK);
    expect(deps.map((d) => d.sourceHash)).toEqual([userDepositSourceHash(BLOCK, 1n), userDepositSourceHash(BLOCK, 3n)]);
  });
});
