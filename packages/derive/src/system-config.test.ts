import { bigIntToBytes, concatBytes } from '@faultline/primitives';
import { builtinChain } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { CONFIG_UPDATE_TOPIC, genesisSystemConfig, type SystemConfig, updateSystemConfig } from './system-config.js';

const rollup = builtinChain(10n)!.rollup;
const SYSCFG = rollup.l1SystemConfigAddress;
const GENESIS = genesisSystemConfig(rollup);
const word = (n: bigint) => bigIntToBytes(n, 32);
const abi = (...words: Uint8Array[]) => concatBytes(word(32n), word(BigInt(32 * words.length)), ...words);
const update = (type: bigint, data: Uint8Array, version = 0n) => ({
  address: SYSCFG,
  topics: [CONFIG_UPDATE_TOPIC, word(version), word(type)],
  data,
});
const apply = (logs: ReturnType<typeof update>[], ecotone = true, cfg: SystemConfig = GENESIS) =>
  updateSystemConfig(cfg, [{ status: true, logs }], SYSCFG, ecotone);

describe('updateSystemConfig', () => {
  it('starts from the rollup genesis values', () => {
    expect(GENESIS.batcherAddress).toEqual(rollup.genesis.systemConfig.batcherAddress);
    expect(GENESIS.gasLimit).toBe(rollup.genesis.systemConfig.gasLimit);
  });

  it('applies batcher, gas limit, EIP-1559, operator fee, min base fee and DA scalar updates in order', () => {
    const batcher = new Uint8Array(20).fill(0x42);
    const params = concatBytes(new Uint8Array(24), new Uint8Array([0, 0, 0, 250, 0, 0, 0, 6]));
    const { config, errors } = apply([
      update(0n, abi(concatBytes(new Uint8Array(12), batcher))),
      update(2n, abi(word(60_000_000n))),
      update(2n, abi(word(30_000_000n))),
      update(4n, abi(params)),
      update(5n, abi(word(0x1234n))),
      update(6n, abi(word(7n))),
      update(7n, abi(word(400n))),
      update(3n, abi(word(1n))),
    ]);
    expect(errors).toEqual([]);
    expect(config.batcherAddress).toEqual(batcher);
    expect(config.gasLimit).toBe(30_000_000n);
    expect(config.eip1559Params).toEqual(new Uint8Array([0, 0, 0, 250, 0, 0, 0, 6]));
    expect(config.operatorFeeParams).toEqual(word(0x1234n));
    expect(config.minBaseFee).toBe(7n);
    expect(config.daFootprintGasScalar).toBe(400n);
  });

  it('fee scalars: kept as is before Ecotone; after it the overhead is zeroed and bad scalars ignored', () => {
    const overhead = word(188n);
    const v1 = concatBytes(new Uint8Array([1]), new Uint8Array(23), new Uint8Array([0, 0, 5, 0, 0, 0, 0, 9]));
    expect(apply([update(1n, abi(overhead, word(684_000n)))], false).config.overhead).toEqual(overhead);
    const after = apply([update(1n, abi(overhead, v1))]).config;
    expect(after.overhead).toEqual(new Uint8Array(32));
    expect(after.scalar).toEqual(v1);
    const badScalar = concatBytes(new Uint8Array([2]), new Uint8Array(31));
    const ignored = apply([update(1n, abi(overhead, badScalar))]);
    expect(ignored.errors).toEqual([]);
    expect(ignored.config.scalar).toEqual(GENESIS.scalar);
  });

  const malformed: [string, ReturnType<typeof update>][] = [
    ['an unknown version', update(0n, abi(word(1n)), 1n)],
    ['an unknown type', update(8n, abi(word(1n)))],
    ['a bad pointer', update(2n, concatBytes(word(64n), word(32n), word(1n)))],
    ['a wrong length', update(2n, concatBytes(word(32n), word(64n), word(1n)))],
    ['trailing bytes', update(2n, concatBytes(abi(word(1n)), word(0n)))],
    ['a batcher address with dirty padding', update(0n, abi(word((1n << 200n) | 5n)))],
    ['a gas limit beyond u64', update(2n, abi(word(1n << 64n)))],
    ['a zero denominator with non-zero elasticity', update(4n, abi(word(6n)))],
  ];
  for (const [name, log] of malformed) {
    it(`skips and reports ${name}`, () => {
      const { config, errors } = apply([log, update(2n, abi(word(99n)))]);
      expect(errors.length).toBe(1);
      expect(errors[0]!.severity).toBe('critical');
      expect(errors[0]!.logIndex).toBe(0);
      expect(config.gasLimit).toBe(99n);
    });
  }

  it('ignores failed receipts and other contracts', () => {
    const log = update(2n, abi(word(1n)));
    const r = updateSystemConfig(
      GENESIS,
      [
        { status: false, logs: [log] },
        { status: true, logs: [{ ...log, address: new Uint8Array(20) }] },
      ],
      SYSCFG,
      true,
    );
    expect(r.config).toEqual(GENESIS);
  });
});
