/**
 * Chain names accepted by `--network` (superchain-registry short names) and their L2 chain ids.
 * The id is what the client gets under local key 5; configs for these chains live in the
 * client, so the host never serves keys 6/7 for them.
 */
export const NETWORKS = {
  'op-mainnet': 10n,
  'op-sepolia': 11155420n,
  base: 8453n,
  'base-sepolia': 84532n,
  unichain: 130n,
  'unichain-sepolia': 1301n,
} as const;

/** A registry name or a decimal chain id. */
export function networkChainId(name: string): bigint | undefined {
  if (/^[0-9]+$/.test(name)) return BigInt(name);
  return NETWORKS[name as keyof typeof NETWORKS];
}
