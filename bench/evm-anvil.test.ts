import { afterAll, describe, expect, it } from 'vitest';
import { prepareFaultline } from './evm-adapter.js';
import { AnvilPeer, intrinsicGas, returnZerosCode } from './evm-anvil.js';
import type { BenchAccount, BenchBlock, Workload } from './evm-workloads.js';

const CALLER = '0x1000000000000000000000000000000000000001';
const TARGET = '0x00000000000000000000000000000000000b0b0b';
const BLOCK: BenchBlock = {
  number: 0x1234n,
  timestamp: 1_700_000_123n,
  coinbase: '0x00000000000000000000000000000000000c0ffe',
  gasLimit: 30_000_000n,
  baseFee: 7n,
  prevRandao: 0x99n,
};

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const push2 = (n: number) => `61${n.toString(16).padStart(4, '0')}`;
/** MSTOREs what each fragment pushes at 32·i (`fragment PUSH2 32i MSTORE`). */
const store = (ops: string[]) => ops.map((op, i) => `${op}${push2(32 * i)}52`).join('');
/** RETURN (or REVERT) of the first `words` memory words. */
const ret = (words: number, op = 'f3') => `${push2(32 * words)}6000${op}`;

function workload(fork: Workload['fork'], extra: Partial<Workload>): Workload {
  const caller: BenchAccount = { address: CALLER, balance: 10n ** 30n, code: new Uint8Array(0), storage: new Map() };
  return {
    name: `test/${fork}`,
    group: 'revm',
    fork,
    caller: CALLER,
    accounts: [caller],
    calldata: hex('c0ffee00000000000000000000000000000000000000000000000000000000000000002a'),
    gas: 10_000_000n,
    block: BLOCK,
    indexGas: undefined,
    slow: false,
    ...extra,
  };
}

// BASEFEE NUMBER TIMESTAMP COINBASE PREVRANDAO GASLIMIT SLOAD(5) CALLDATALOAD(4) ADDRESS
const ENV_CODE = hex(store(['48', '43', '42', '41', '44', '45', '600554', '600435', '30']) + ret(9));

const peer = new AnvilPeer();
afterAll(() => peer.stop());

async function both(w: Workload) {
  const ours = prepareFaultline(w).run();
  const run = await peer.prepare(w, ours.output.length);
  const theirs = (await run.run()).outcome;
  const overhead = (await run.overhead()).outcome;
  return { ours, theirs, overhead };
}

const wordAt = (b: Uint8Array, i: number) =>
  BigInt(`0x${Buffer.from(b.subarray(32 * i, 32 * i + 32)).toString('hex')}`);

describe('bench:evm anvil peer (issue 19 target 3)', () => {
  it('runs code placed with anvil_setCode/anvil_setStorageAt in the workload block, as Faultline does', async () => {
    const w = workload('Cancun', {
      to: TARGET,
      accounts: [
        { address: CALLER, balance: 10n ** 30n, code: new Uint8Array(0), storage: new Map() },
        { address: TARGET, balance: 0n, code: ENV_CODE, storage: new Map([[5n, 0xabcdn]]) },
      ],
    });
    const { ours, theirs, overhead } = await both(w);
    expect(theirs.status).toBe('success');
    expect(ours.status).toBe('success');
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => wordAt(theirs.output, i))).toEqual([
      7n,
      0x1234n,
      1_700_000_123n,
      0xc0ffen,
      0x99n,
      30_000_000n,
      0xabcdn,
      0x2an,
      0xb0b0bn,
    ]);
    expect(theirs.output).toEqual(ours.output);
    // The overhead call has the same request and a response of the same length, of zeros.
    expect(overhead.status).toBe('success');
    expect(overhead.output).toEqual(new Uint8Array(ours.output.length));
  });

  it('deploys init code by the caller (same address and constructor storage as Faultline) and reports reverts', async () => {
    // constructor: SSTORE(1, 0x42); return the runtime after it: SLOAD(1), ADDRESS, then REVERT
    // with both when CALLDATALOAD(0) is zero, else RETURN them.
    const head = `${store(['600154', '30'])}600035`;
    const dest = head.length / 2 + 3 + ret(2).length / 2;
    const runtime = `${head}${`60${dest.toString(16)}57`}${ret(2, 'fd')}5b${ret(2)}`;
    const n = (runtime.length / 2).toString(16).padStart(2, '0');
    // 5 bytes SSTORE, 7 bytes CODECOPY(0, 17, n), 5 bytes RETURN(0, n): the runtime starts at 17.
    const init = `6042600155${`60${n}6011600039`}${`60${n}6000f3`}${runtime}`;
    for (const [calldata, status] of [
      ['01', 'success'],
      ['00', 'revert'],
    ] as const) {
      const w = workload('Cancun', { initcode: hex(init), calldata: hex(calldata.padEnd(64, '0')) });
      const { ours, theirs } = await both(w);
      expect(theirs.status).toBe(status);
      expect(ours.status).toBe(status);
      expect(wordAt(theirs.output, 0)).toBe(0x42n);
      expect(theirs.output).toEqual(ours.output);
    }
  });

  it('a London node reads the workload prevRandao as DIFFICULTY', async () => {
    const w = workload('London', {
      to: TARGET,
      accounts: [{ address: TARGET, balance: 0n, code: ENV_CODE.subarray(0), storage: new Map() }],
    });
    const { ours, theirs } = await both(w);
    expect(wordAt(theirs.output, 4)).toBe(0x99n);
    expect(theirs.output).toEqual(ours.output);
  });

  it('eth_call gas covers the frame gas plus the intrinsic cost; the overhead code returns n zero bytes', () => {
    expect(intrinsicGas(hex('00ff00'))).toBe(21_000n + 4n + 16n + 4n);
    expect(returnZerosCode(0x012345)).toEqual(hex('630001234560' + '00f3'));
  });
});
