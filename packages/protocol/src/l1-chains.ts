/**
 * The L1 chains OP chains settle on, as far as derivation needs them: the time-based forks and the
 * blob schedule (EIP-4844 Cancun, EIP-7691 Prague, Osaka = Prague's parameters, and the
 * blob-parameter-only forks of EIP-7892), which price the L1 origin's blobs in the L1-info deposit
 * (ecotone/l1-attributes.md). Values are go-ethereum's `params/config.go` (MainnetChainConfig,
 * SepoliaChainConfig, HoodiChainConfig and the Default*BlobConfig entries). A chain on another
 * L1 passes that L1's geth chain config (op-program local key 9, kona key 7).
 */
import type { BlobParams, ChainConfig } from './chain-config.js';

const params = (target: bigint, max: bigint, baseFeeUpdateFraction: bigint): BlobParams => ({
  target,
  max,
  baseFeeUpdateFraction,
});

/** go-ethereum `Default{Cancun,Prague,Osaka,BPO1,BPO2}BlobConfig`. */
export const DEFAULT_BLOB_PARAMS = {
  cancun: params(3n, 6n, 3_338_477n),
  prague: params(6n, 9n, 5_007_716n),
  osaka: params(6n, 9n, 5_007_716n),
  bpo1: params(10n, 15n, 8_346_193n),
  bpo2: params(14n, 21n, 11_684_671n),
} as const;

const l1 = (chainId: bigint, times: Record<string, bigint>): ChainConfig => ({
  chainId,
  blocks: {},
  times,
  terminalTotalDifficulty: 0n,
  blobSchedule: { ...DEFAULT_BLOB_PARAMS },
});

export const BUILTIN_L1_CHAINS: ReadonlyMap<bigint, { name: string; config: ChainConfig }> = new Map([
  [
    1n,
    {
      name: 'mainnet',
      config: l1(1n, {
        shanghaiTime: 1681338455n,
        cancunTime: 1710338135n,
        pragueTime: 1746612311n,
        osakaTime: 1764798551n,
        bpo1Time: 1765290071n,
        bpo2Time: 1767747671n,
      }),
    },
  ],
  [
    11155111n,
    {
      name: 'sepolia',
      config: l1(11155111n, {
        shanghaiTime: 1677557088n,
        cancunTime: 1706655072n,
        pragueTime: 1741159776n,
        osakaTime: 1760427360n,
        bpo1Time: 1761017184n,
        bpo2Time: 1761607008n,
      }),
    },
  ],
  [
    560048n,
    {
      name: 'hoodi',
      config: l1(560048n, {
        shanghaiTime: 0n,
        cancunTime: 0n,
        pragueTime: 1742999832n,
        osakaTime: 1761677592n,
        bpo1Time: 1762365720n,
        bpo2Time: 1762955544n,
      }),
    },
  ],
]);

export function builtinL1ChainConfig(chainId: bigint): ChainConfig | undefined {
  return BUILTIN_L1_CHAINS.get(chainId)?.config;
}
