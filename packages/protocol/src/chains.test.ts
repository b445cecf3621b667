import { readFileSync } from 'node:fs';
import { bytesToHex } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { l1ForkAt, opHardforksOfChainConfig, parseChainConfig } from './chain-config.js';
import { BUILTIN_CHAINS, builtinChain } from './chains.js';
import {
  activeOpHardfork,
  assertOpHardforkSupported,
  HardforkOrderError,
  isOpHardforkActive,
  l1ForkForOpBlock,
  OP_HARDFORKS,
  UnsupportedHardforkError,
  validateOpHardforkOrder,
} from './op-hardforks.js';
import { REGISTRY_CHAINS } from './registry-chains.js';
import { parseRollupConfig } from './rollup-config.js';

const configs = fixturePath('op-chain-configs');
const readJson = (...p: string[]) => JSON.parse(readFileSync(`${configs}/${p.join('/')}`, 'utf8'));

/** The chains whose op-node and op-geth configs the fixture derives (the real-block fixtures' chains). */
const DERIVED = [10n, 11155420n, 130n];

describe.runIf(configs)('built-in chains against the op-chain-configs fixture', () => {
  for (const id of DERIVED) {
    const chain = BUILTIN_CHAINS.get(id)!;
    // The registry snapshot (2026-08-04) predates Lagoon's scheduling; everything else must agree.
    const { lagoon, ...beforeLagoon } = chain.rollup.hardforks;
    it(`${chain.name}: op-node rollup.json parses to the built-in config (Lagoon aside)`, () => {
      expect(lagoon).toBeGreaterThan(1_790_000_000n);
      expect(parseRollupConfig(readJson('derived', `rollup-${id}.json`))).toEqual({
        ...chain.rollup,
        hardforks: beforeLagoon,
      });
    });

    it(`${chain.name}: op-geth chain config matches the derived one`, () => {
      const parsed = parseChainConfig(readJson('derived', `chainconfig-${id}.json`));
      expect(parsed.chainId).toBe(id);
      // The derived file omits `deltaTime` (Delta changed only the consensus layer); everything it has must agree.
      const { deltaTime, lagoonTime: _, ...builtinTimes } = chain.chainConfig.times;
      expect(deltaTime).toBe(chain.rollup.hardforks.delta);
      expect(parsed.times).toEqual(builtinTimes);
      expect(parsed.optimism).toEqual(chain.chainConfig.optimism);
      for (const [key, block] of Object.entries(parsed.blocks)) expect(chain.chainConfig.blocks[key], key).toBe(block);
      const { delta, lagoon: __, ...forks } = chain.rollup.hardforks;
      expect(opHardforksOfChainConfig(parsed)).toEqual(forks);
    });
  }

  it("fork times agree with kona's registry (generated independently from the superchain registry)", () => {
    const kona = readJson('kona-registry', 'configs.json');
    const byId = new Map<bigint, Record<string, number>>();
    for (const sc of kona.superchains)
      for (const c of sc.chains) byId.set(BigInt(c.l2_chain_id), c.hardfork_configuration);
    for (const [id, chain] of BUILTIN_CHAINS) {
      const hf = byId.get(id)!;
      for (const [key, time] of Object.entries(hf)) {
        const fork = key.replace(/_time$/, '') as (typeof OP_HARDFORKS)[number];
        if (!OP_HARDFORKS.includes(fork)) continue;
        expect(chain.rollup.hardforks[fork], `${chain.name} ${fork}`).toBe(BigInt(time));
      }
    }
  });

  it('OP Mainnet has its Bedrock block as the merge and London block (registry TOML note)', () => {
    const op = builtinChain('op-mainnet')!;
    expect(op.chainConfig.blocks.londonBlock).toBe(105_235_063n);
    expect(l1ForkAt(op.chainConfig, 100n, 0n)).toBe('Istanbul');
    expect(l1ForkAt(op.chainConfig, 105_235_063n, 1_686_068_903n)).toBe('Paris');
    expect(l1ForkAt(op.chainConfig, 132_795_025n, 1_741_188_827n)).toBe('Cancun');
    expect(l1ForkAt(op.chainConfig, 140_000_000n, 1_746_806_401n)).toBe('Prague');
  });
});

const FIXTURES = [
  'kona-exec-op-mainnet-132795025',
  'kona-exec-op-sepolia-22880574',
  'kona-exec-op-sepolia-26207960',
  'kona-exec-unichain-mainnet-10211000',
];

describe('kona fixture rollup configs (three serde variants)', () => {
  for (const name of FIXTURES) {
    const p = fixturePath(name, 'fixture.json');
    it.runIf(p)(`${name}: parses, and agrees with the built-in chain on every fork it lists`, () => {
      const fx = JSON.parse(readFileSync(p!, 'utf8'));
      const rollup = parseRollupConfig(fx.rollup_config);
      const chain = builtinChain(rollup.l2ChainId)!;
      for (const [fork, time] of Object.entries(rollup.hardforks)) {
        expect(chain.rollup.hardforks[fork as (typeof OP_HARDFORKS)[number]], fork).toBe(time);
      }
      expect(rollup.eip1559).toEqual(chain.rollup.eip1559);
      expect(bytesToHex(rollup.genesis.systemConfig.scalar)).toBe(bytesToHex(chain.rollup.genesis.systemConfig.scalar));
      const ts = BigInt(fx.executing_payload.timestamp);
      // every fixture block is Holocene, pre-Isthmus: Cancun EVM rules
      expect(activeOpHardfork(rollup.hardforks, ts)).toBe('holocene');
      expect(isOpHardforkActive(rollup.hardforks, 'regolith', ts)).toBe(true);
      expect(l1ForkForOpBlock(rollup.hardforks, ts)).toBe('Cancun');
    });
  }
});

describe('hardfork schedule', () => {
  const times = { bedrock: 0n, canyon: 10n, ecotone: 20n, isthmus: 30n };
  it('maps OP forks to L1 forks (Bedrock=Paris, Canyon=Shanghai, Ecotone=Cancun, Isthmus=Prague)', () => {
    expect([0n, 10n, 19n, 20n, 29n, 30n].map((t) => l1ForkForOpBlock(times, t))).toEqual([
      'Paris',
      'Shanghai',
      'Shanghai',
      'Cancun',
      'Cancun',
      'Prague',
    ]);
  });
  it('treats unlisted intermediate forks as active once a later one is', () => {
    expect(isOpHardforkActive(times, 'delta', 19n)).toBe(false);
    expect(isOpHardforkActive(times, 'delta', 20n)).toBe(true);
    expect(isOpHardforkActive(times, 'holocene', 30n)).toBe(true);
  });
  it('rejects rollup JSON without EIP-1559 parameters unless a fallback is given', () => {
    const p = fixturePath('op-chain-configs', 'derived', 'rollup-10.json');
    if (!p) return;
    const json = JSON.parse(readFileSync(p, 'utf8'));
    delete json.chain_op_config;
    expect(() => parseRollupConfig(json)).toThrow(/no EIP-1559 parameters/);
    const fallback = { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n };
    expect(parseRollupConfig(json, fallback).eip1559).toEqual(fallback);
  });
});

describe('forks after Isthmus', () => {
  const times = { bedrock: 0n, isthmus: 30n, jovian: 40n, karst: 50n, lagoon: 60n };
  it('runs Jovian under Prague and Karst under Osaka', () => {
    expect([39n, 40n, 49n, 50n].map((t) => l1ForkForOpBlock(times, t))).toEqual([
      'Prague',
      'Prague',
      'Prague',
      'Osaka',
    ]);
  });
  it('executes through Karst and refuses Lagoon with a one-line reason', () => {
    expect(() => assertOpHardforkSupported(times, 59n)).not.toThrow();
    expect(() => assertOpHardforkSupported(times, 60n)).toThrow(UnsupportedHardforkError);
    expect(() => assertOpHardforkSupported(times, 60n)).toThrow(
      'config: the lagoon hardfork is active at 60; execution rules after karst are not implemented',
    );
  });
});

describe('rollup.json fork keys', () => {
  const p = fixturePath('op-chain-configs', 'derived', 'rollup-10.json');
  const base = () => JSON.parse(readFileSync(p!, 'utf8'));
  it.runIf(p)('reads keep_karst_upgrade_gas, Lagoon under its old name interop_time, and refuses unknown forks', () => {
    expect(parseRollupConfig(base()).keepKarstUpgradeGas).toBe(true);
    expect(parseRollupConfig({ ...base(), interop_time: 1799683201 }).hardforks.lagoon).toBe(1_799_683_201n);
    expect(parseRollupConfig({ ...base(), lagoon_time: 1799683201 }).hardforks.lagoon).toBe(1_799_683_201n);
    expect(() => parseRollupConfig({ ...base(), monsoon_time: 1900000000 })).toThrow(
      /^config: monsoon_time: unknown fork "monsoon"; known: regolith, /,
    );
    expect(() => parseRollupConfig({ ...base(), keep_karst_upgrade_gas: 'yes' })).toThrow(
      'config: keep_karst_upgrade_gas: expected a boolean',
    );
  });
  it.runIf(p)('refuses an impossible order: a fork activating before an earlier one', () => {
    const json = { ...base(), karst_time: 1764691200 }; // one second before Jovian
    expect(() => parseRollupConfig(json)).toThrow(HardforkOrderError);
    expect(() => parseRollupConfig(json)).toThrow(
      'config: hardfork order: karst (1764691200) activates before jovian (1764691201)',
    );
  });
});

describe('registry chains (Superchain members and World Chain)', () => {
  it('have unique names and ids, possible fork orders, and a date their schedule is known to', () => {
    const names = [...BUILTIN_CHAINS.values()].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(BUILTIN_CHAINS.size).toBe(3 + REGISTRY_CHAINS.length);
    for (const c of REGISTRY_CHAINS) {
      expect(() => validateOpHardforkOrder(c.rollup.hardforks), c.name).not.toThrow();
      expect(c.knownUntil, c.name).toBeGreaterThan(1_767_000_000n);
    }
    for (const name of ['ink', 'soneium', 'worldchain', 'zora', 'mode', 'unichain-sepolia', 'ink-sepolia']) {
      expect(builtinChain(name), name).toBeDefined();
    }
    expect(builtinChain(57073n)?.name).toBe('ink');
  });

  it.runIf(configs)(
    "agree with kona's registry on every value it has (Karst and Lagoon come from newer sources)",
    () => {
      const kona = readJson('kona-registry', 'configs.json');
      // biome-ignore lint/suspicious/noExplicitAny: the fixture's JSON, read field by field below
      const byId = new Map<bigint, Record<string, any>>();
      for (const sc of kona.superchains) for (const c of sc.chains) byId.set(BigInt(c.l2_chain_id), c);
      for (const chain of REGISTRY_CHAINS) {
        const k = byId.get(chain.rollup.l2ChainId)!;
        const r = chain.rollup;
        const label = chain.name;
        expect(bytesToHex(r.genesis.l2.hash), label).toBe(k.genesis.l2.hash);
        expect(bytesToHex(r.genesis.l1.hash), label).toBe(k.genesis.l1.hash);
        expect(r.genesis.l2Time, label).toBe(BigInt(k.genesis.l2_time));
        expect(bytesToHex(r.genesis.systemConfig.scalar), label).toBe(k.genesis.system_config.scalar);
        expect(bytesToHex(r.genesis.systemConfig.batcherAddress), label).toBe(k.genesis.system_config.batcherAddr);
        expect(bytesToHex(r.batchInboxAddress), label).toBe(k.batch_inbox_address);
        expect(bytesToHex(r.depositContractAddress), label).toBe(k.Addresses.OptimismPortalProxy);
        expect(bytesToHex(r.l1SystemConfigAddress), label).toBe(k.Addresses.SystemConfigProxy);
        expect(r.blockTime, label).toBe(BigInt(k.block_time));
        expect(r.eip1559.denominatorCanyon, label).toBe(BigInt(k.optimism.eip1559DenominatorCanyon));
        for (const [key, time] of Object.entries(k.hardfork_configuration as Record<string, number>)) {
          if (key === 'pectra_blob_schedule_time') expect(r.pectraBlobScheduleTime, label).toBe(BigInt(time));
          else
            expect(r.hardforks[key.replace(/_time$/, '') as (typeof OP_HARDFORKS)[number]], `${label} ${key}`).toBe(
              BigInt(time),
            );
        }
      }
    },
  );

  it.runIf(configs)('superchain members take Karst from the superchain-wide schedule of the registry snapshot', () => {
    const toml = readFileSync(`${configs}/superchain-registry/mainnet/superchain.toml`, 'utf8');
    const karst = BigInt(/karst_time = (\d+)/.exec(toml)![1]!);
    expect(builtinChain('ink')!.rollup.hardforks.karst).toBe(karst);
    expect(builtinChain('worldchain')!.rollup.hardforks.karst).toBeUndefined(); // not a superchain member
  });
});
