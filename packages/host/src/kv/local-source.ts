/**
 * Answers the boot-info local keys (type 1) from the host's flags, as op-program's
 * `LocalPreimageSource` does (`host/kvstore/local.go`, client `boot.go`):
 *
 *   1 L1 head hash · 2 agreed L2 output root · 3 claimed output root · 4 claim block number (u64 BE)
 *   5 L2 chain id (u64 BE) · 6 L2 chain config JSON · 7 rollup config JSON
 *
 * Keys 6 and 7 are only served for a chain the client does not know: the custom-chain marker id
 * (op-program PR #12420), or — in kona's numbering (`boot.rs`), chosen with `program: 'kona'` —
 * a chain whose configs the host was given, where 6 is the rollup config and 7 the L1 chain
 * config. For a known chain the configs are part of the client and serving them would be a
 * second source of truth.
 */

import { localKeyIndex } from '@faultline/preimage';
import { assertSize, u64ToBytes } from '@faultline/primitives';

/** op-program `CustomChainIDIndicator`: "load the configs from local keys 6 and 7". */
export const CUSTOM_CHAIN_ID = 0xffff_ffff_ffff_ffffn;

export const LOCAL_KEY_INDEX = {
  l1Head: 1n,
  l2OutputRoot: 2n,
  l2Claim: 3n,
  l2ClaimBlockNumber: 4n,
  l2ChainId: 5n,
  l2ChainConfig: 6n,
  rollupConfig: 7n,
} as const;

export interface BootInfo {
  l1Head: Uint8Array;
  l2OutputRoot: Uint8Array;
  l2Claim: Uint8Array;
  l2ClaimBlockNumber: bigint;
  l2ChainId: bigint;
  /** JSON bytes of the L2 chain config (custom chains only). */
  l2ChainConfig?: Uint8Array;
  /** JSON bytes of the rollup config (custom chains only). */
  rollupConfig?: Uint8Array;
  /** JSON bytes of the L1 chain config (kona's key 7). */
  l1ChainConfig?: Uint8Array;
  /** Whose key numbering to serve (default op-program). */
  program?: BootProgram;
}

/** op-program: 6 L2 chain config, 7 rollup config; kona: 6 rollup config, 7 L1 chain config. */
export type BootProgram = 'op-program' | 'kona';
export const KONA_LOCAL_KEY_INDEX = { rollupConfig: 6n, l1ChainConfig: 7n } as const;

export class LocalSource {
  private readonly values = new Map<bigint, Uint8Array>();

  constructor(boot: BootInfo) {
    this.values.set(LOCAL_KEY_INDEX.l1Head, assertSize('l1 head', boot.l1Head, 32));
    this.values.set(LOCAL_KEY_INDEX.l2OutputRoot, assertSize('l2 output root', boot.l2OutputRoot, 32));
    this.values.set(LOCAL_KEY_INDEX.l2Claim, assertSize('l2 claim', boot.l2Claim, 32));
    this.values.set(LOCAL_KEY_INDEX.l2ClaimBlockNumber, u64ToBytes(boot.l2ClaimBlockNumber));
    this.values.set(LOCAL_KEY_INDEX.l2ChainId, u64ToBytes(boot.l2ChainId));
    if (boot.program === 'kona') {
      if (boot.rollupConfig) this.values.set(KONA_LOCAL_KEY_INDEX.rollupConfig, boot.rollupConfig);
      if (boot.rollupConfig && boot.l1ChainConfig)
        this.values.set(KONA_LOCAL_KEY_INDEX.l1ChainConfig, boot.l1ChainConfig);
    } else if (boot.l2ChainId === CUSTOM_CHAIN_ID) {
      if (boot.l2ChainConfig) this.values.set(LOCAL_KEY_INDEX.l2ChainConfig, boot.l2ChainConfig);
      if (boot.rollupConfig) this.values.set(LOCAL_KEY_INDEX.rollupConfig, boot.rollupConfig);
    }
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.values.get(localKeyIndex(key));
  }
}
