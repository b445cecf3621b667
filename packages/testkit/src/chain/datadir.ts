/**
 * A generated chain as a host would read it offline: every pre-image in an op-program
 * `directory` datadir, the rollup config and the L2 genesis beside it, and the `faultline host`
 * flags that replay one claim from them. The demo and the tests of every client (Node,
 * client-native, client.elf in the VM or under qemu) start from this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openKv } from '@faultline/host';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import type { GeneratedChain } from './generate.js';

export interface ChainDatadir {
  root: string;
  preimages: string;
  rollup: string;
  genesis: string;
}

export function writeChainDatadir(chain: GeneratedChain, root: string): ChainDatadir {
  mkdirSync(root, { recursive: true });
  const dirs = {
    root,
    preimages: join(root, 'preimages'),
    rollup: join(root, 'rollup.json'),
    genesis: join(root, 'genesis.json'),
  };
  const kv = openKv(dirs.preimages, 'directory');
  for (const [key, value] of chain.preimages) kv.put(hexToBytes(key), value);
  kv.close();
  writeFileSync(dirs.rollup, `${JSON.stringify(chain.boot.rollupConfigJson, null, 2)}\n`);
  writeFileSync(dirs.genesis, `${JSON.stringify({ config: chain.boot.chainConfigJson }, null, 2)}\n`);
  return dirs;
}

/** The boot values and datadir of one claim: what any host mode (--exec, --server) needs. */
export function offlineHostFlags(chain: GeneratedChain, dirs: ChainDatadir, claim: Uint8Array): string[] {
  const b = chain.boot;
  return [
    '--rollup.config',
    dirs.rollup,
    '--l2.genesis',
    dirs.genesis,
    '--l1.head',
    bytesToHex(b.l1Head),
    '--l2.head',
    bytesToHex(b.agreedL2Head),
    '--l2.outputroot',
    bytesToHex(b.agreedOutputRoot),
    '--l2.claim',
    bytesToHex(claim),
    '--l2.blocknumber',
    String(b.claimBlockNumber),
    '--datadir',
    dirs.preimages,
    '--data.format',
    'directory',
  ];
}
