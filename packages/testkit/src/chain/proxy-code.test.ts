import { executeTransaction, MemoryState, precompileTable } from '@faultline/evm';
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes, padLeft } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATION_SLOT, proxyRuntimeCode } from './proxy-code.js';

const PROXY = '0x4200000000000000000000000000000000000015';
const IMPL = '0x00000000000000000000000000000000000011a1';
const NEXT = '0x00000000000000000000000000000000000011a2';
const ZERO = '0x0000000000000000000000000000000000000000';
const USER = '0x000000000000000000000000000000000000abcd';
/** Implementation: SSTORE(1, CALLDATALOAD(0)); return CALLER as a word — shows storage and sender stay the proxy's. */
const IMPL_CODE = hexToBytes('0x5f356001553360005260206000f3');
/** The next implementation reverts with 0xdead. */
const NEXT_CODE = hexToBytes('0x61dead6000526002601efd');

function world() {
  const s = new MemoryState();
  const slot = bytesToBigInt(IMPLEMENTATION_SLOT);
  s.setAccount(PROXY, 0n, 0n, proxyRuntimeCode(), new Map([[slot, bytesToBigInt(hexToBytes(IMPL))]]));
  s.setAccount(IMPL, 0n, 0n, IMPL_CODE, new Map());
  s.setAccount(NEXT, 0n, 0n, NEXT_CODE, new Map());
  s.setAccount(USER, 0n, 10n ** 18n, new Uint8Array(0), new Map());
  return s;
}

function call(s: MemoryState, from: string, data: Uint8Array) {
  const r = executeTransaction(
    s,
    {
      fork: 'Prague',
      precompiles: precompileTable('Prague'),
      block: {
        number: 1n,
        timestamp: 1n,
        coinbase: ZERO,
        gasLimit: 30_000_000n,
        baseFee: 0n,
        prevRandao: 0n,
        blobBaseFee: 1n,
        chainId: 1n,
      },
    },
    {
      type: 0,
      sender: from,
      nonce: s.getAccount(from)?.nonce ?? 0n,
      gasLimit: 200_000n,
      to: PROXY,
      value: 0n,
      data,
      gasPrice: 0n,
      accessList: [],
    },
  );
  s.commit(r.diff);
  return r;
}

const upgradeTo = (impl: string) => concatBytes(hexToBytes('0x3659cfe6'), padLeft(hexToBytes(impl), 32));

describe('generated-chain ERC-1967 proxy', () => {
  it('delegates: storage lands in the proxy and msg.sender is the caller', () => {
    const s = world();
    const r = call(s, USER, bigIntToBytes(77n, 32));
    expect(r.success).toBe(true);
    expect(bytesToHex(r.output)).toBe(bytesToHex(padLeft(hexToBytes(USER), 32)));
    expect(s.getStorage(PROXY, 1n)).toBe(77n);
    expect(s.getStorage(IMPL, 1n)).toBe(0n);
  });

  it('lets the zero address switch the implementation, and passes reverts through', () => {
    const s = world();
    expect(call(s, ZERO, upgradeTo(NEXT)).success).toBe(true);
    expect(s.getStorage(PROXY, bytesToBigInt(IMPLEMENTATION_SLOT))).toBe(bytesToBigInt(hexToBytes(NEXT)));
    const r = call(s, USER, new Uint8Array(0));
    expect(r.reverted).toBe(true);
    expect(bytesToHex(r.output)).toBe('0xdead');
  });

  it('forwards upgradeTo from anyone else to the implementation instead of upgrading', () => {
    const s = world();
    call(s, USER, upgradeTo(NEXT));
    expect(s.getStorage(PROXY, bytesToBigInt(IMPLEMENTATION_SLOT))).toBe(bytesToBigInt(hexToBytes(IMPL)));
    expect(s.getStorage(PROXY, 1n)).toBe(bytesToBigInt(upgradeTo(NEXT).subarray(0, 32)));
  });
});
