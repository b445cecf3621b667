/**
 * Builds the online prefetcher from a host config: JSON-RPC sources for L1/L2, the beacon API
 * and the hint table of `hint-handlers.ts` for the program served (`--program`).
 */
import type { HostConfig } from '../config/host-config.js';
import type { KvStore } from '../kv/kv-store.js';
import type { PreimageHost } from '../preimage-host.js';
import { BeaconClient } from '../rpc/beacon-client.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { hintHandlers, type Sources } from './hint-handlers.js';
import { Prefetcher } from './prefetcher.js';

export function createFetcher(config: HostConfig, store: KvStore, host: () => PreimageHost): Prefetcher<Sources> {
  const sources: Sources = {
    l1: new RpcClient(config.l1Rpc!, 'L1'),
    l2: new RpcClient(config.l2Rpc!, 'L2'),
    beacon: config.l1Beacon === undefined ? undefined : new BeaconClient(config.l1Beacon),
    l2Head: config.l2Head,
  };
  return new Prefetcher({
    store,
    sources,
    handlers: hintHandlers(config.boot.program),
    onStored: (n) => host().noteFetched(n),
  });
}
