/**
 * Chain names accepted by `--network` and their L2 chain ids: every chain whose configs are built
 * into the client (protocol `BUILTIN_CHAINS`: OP Mainnet, OP Sepolia, Unichain and the registry's
 * Superchain members), by its superchain-registry short name, plus `unichain` for Unichain
 * mainnet. The id is what the client gets under local key 5; the configs live in the client, so
 * the host never serves keys 6/7 for them. Base left the registry in 2026 and runs its own forks,
 * so it is not here: pass its configs as a custom chain.
 */
import { BUILTIN_CHAINS } from '@faultline/protocol';

export const NETWORKS: Readonly<Record<string, bigint>> = Object.freeze({
  ...Object.fromEntries([...BUILTIN_CHAINS.values()].map((c) => [c.name, c.rollup.l2ChainId])),
  unichain: 130n,
});

/** A registry name or a decimal chain id. */
export function networkChainId(name: string): bigint | undefined {
  if (/^[0-9]+$/.test(name)) return BigInt(name);
  return NETWORKS[name];
}
