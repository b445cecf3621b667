/**
 * Boot info: what the dispute game gives the program through local keys (op-program
 * `client/boot.go`): 1 L1 head hash, 2 agreed output root, 3 claimed output root, 4 claim block
 * number (u64 BE), 5 L2 chain id (u64 BE). Known chains' configs are built in (protocol's
 * `builtinChain`), so they are part of the program. For any other chain the configs come from
 * local keys, in either program's numbering, told apart by what key 6 holds:
 * - op-program (custom-chain marker id 0xFFFFFFFFFFFFFFFF): 6 the op-geth chain config JSON,
 *   7 the op-node rollup config JSON;
 * - kona (`boot.rs`, the chain's real id): 6 the rollup config in kona's JSON form, 7 the L1
 *   chain config (geth JSON), whose blob schedule prices the L1-info blob fee.
 * A rollup config has `genesis` and `block_time`; a chain config has neither.
 */
import { localKey } from '@faultline/preimage';
import { bytesToBigInt, bytesToHex, bytesToUtf8 } from '@faultline/primitives';
import {
  builtinChain,
  type ChainConfig,
  chainConfigFromRollup,
  parseChainConfig,
  parseRollupConfig,
  type RollupConfig,
} from '@faultline/protocol';
import { BootInfoError } from './errors.js';
import type { PreimageOracle } from './hinted-oracle.js';

/** op-program `CustomChainIDIndicator`. */
export const CUSTOM_CHAIN_ID = 0xffff_ffff_ffff_ffffn;

export const BOOT_KEYS = {
  l1Head: 1,
  agreedOutputRoot: 2,
  claimedOutputRoot: 3,
  claimBlockNumber: 4,
  l2ChainId: 5,
  l2ChainConfig: 6,
  rollupConfig: 7,
} as const;

export interface BootInfo {
  l1Head: Uint8Array;
  agreedOutputRoot: Uint8Array;
  claimedOutputRoot: Uint8Array;
  claimBlockNumber: bigint;
  l2ChainId: bigint;
  rollup: RollupConfig;
  chainConfig: ChainConfig;
}

function fixed(oracle: PreimageOracle, name: keyof typeof BOOT_KEYS, size: number): Uint8Array {
  const value = oracle.get(localKey(BOOT_KEYS[name]));
  if (value.length !== size) {
    throw new BootInfoError(`boot key ${BOOT_KEYS[name]} (${name}): expected ${size} bytes, got ${value.length}`);
  }
  return value;
}

/** kona's meaning of the same key numbers (kona `boot.rs`: L2 rollup config 6, L1 config 7). */
export const KONA_BOOT_KEYS = { rollupConfig: 6, l1ChainConfig: 7 } as const;

function json(oracle: PreimageOracle, name: 'l2ChainConfig' | 'rollupConfig'): Record<string, unknown> {
  const value = oracle.get(localKey(BOOT_KEYS[name]));
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytesToUtf8(value, { fatal: true }));
  } catch (e) {
    throw new BootInfoError(`boot key ${BOOT_KEYS[name]} (${name}): not UTF-8 JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BootInfoError(`boot key ${BOOT_KEYS[name]} (${name}): expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

const isRollupConfig = (j: Record<string, unknown>) => typeof j.genesis === 'object' && j.block_time !== undefined;

/** kona: key 6 is the rollup config (already read), key 7 the L1 chain config. */
function konaConfigs(
  oracle: PreimageOracle,
  chainId: bigint,
  rollupJson: Record<string, unknown>,
): { rollup: RollupConfig; chainConfig: ChainConfig } {
  const rollup = parseRollupConfig(rollupJson);
  if (rollup.l2ChainId !== chainId) {
    throw new BootInfoError(
      `boot key 6 (kona rollup config): chain id ${rollup.l2ChainId}, boot key 5 says ${chainId}`,
    );
  }
  rollup.l1ChainConfig = parseChainConfig(json(oracle, 'rollupConfig'));
  return { rollup, chainConfig: chainConfigFromRollup(rollup) };
}

function configs(oracle: PreimageOracle, chainId: bigint): { rollup: RollupConfig; chainConfig: ChainConfig } {
  const chain = builtinChain(chainId);
  if (chain) return { rollup: chain.rollup, chainConfig: chain.chainConfig };
  try {
    const key6 = json(oracle, 'l2ChainConfig');
    if (isRollupConfig(key6)) return konaConfigs(oracle, chainId, key6);
    if (chainId !== CUSTOM_CHAIN_ID) {
      throw new BootInfoError(
        `unknown L2 chain id ${chainId} (no built-in config; use the custom-chain id, or kona's rollup config under key 6)`,
      );
    }
    const chainConfig = parseChainConfig(key6);
    const rollup = parseRollupConfig(json(oracle, 'rollupConfig'), chainConfig.optimism);
    return { rollup, chainConfig };
  } catch (e) {
    if (e instanceof BootInfoError) throw e;
    throw new BootInfoError(`custom chain config: ${(e as { shortMessage?: string }).shortMessage ?? e}`, {
      cause: e,
    });
  }
}

export function readBootInfo(oracle: PreimageOracle): BootInfo {
  const l1Head = fixed(oracle, 'l1Head', 32);
  const agreedOutputRoot = fixed(oracle, 'agreedOutputRoot', 32);
  const claimedOutputRoot = fixed(oracle, 'claimedOutputRoot', 32);
  const claimBlockNumber = bytesToBigInt(fixed(oracle, 'claimBlockNumber', 8));
  const l2ChainId = bytesToBigInt(fixed(oracle, 'l2ChainId', 8));
  const { rollup, chainConfig } = configs(oracle, l2ChainId);
  return { l1Head, agreedOutputRoot, claimedOutputRoot, claimBlockNumber, l2ChainId, rollup, chainConfig };
}

/** One line for logs: `l1 head 0x…, agreed 0x…, claim 0x… at block N, chain C`. */
export function describeBoot(boot: BootInfo): string {
  return `l1 head ${bytesToHex(boot.l1Head)}, agreed ${bytesToHex(boot.agreedOutputRoot)}, claim ${bytesToHex(
    boot.claimedOutputRoot,
  )} at block ${boot.claimBlockNumber}, chain ${boot.l2ChainId}`;
}
