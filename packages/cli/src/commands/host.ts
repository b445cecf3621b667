/**
 * `faultline host`: the pre-image host with op-program's flags. Parsing and checks live in
 * @faultline/host (`parseHostConfig`); this file only describes the flags and prints the
 * one-line outcome.
 */
import { resolve } from 'node:path';
import { createFetcher, parseHostConfig, runHost } from '@faultline/host';
import type { CommandSpec } from '../command.js';

export const hostCommand: CommandSpec = {
  name: 'host',
  summary: 'serve pre-images to the fault-proof client (op-program compatible flags)',
  description: `
The host answers the client's pre-image requests: boot values (local keys 1-7) from the flags,
everything else from the pre-image store, fetching what is missing from L1/L2 JSON-RPC and the
beacon API when they are given (each value is checked against its hash before it is stored).
Without --l1/--l2 the host is offline and serves only what --datadir holds.

Modes: default in-process (the client runs in a worker thread; --client.module names it);
--exec <cmd> spawns the client with hints on fds 3/4 and pre-images on fds 5/6 and passes
its exit code through (0 claim valid, 1 claim invalid, 2 client failed) — a 0 or 1 only when
the client read its boot values (local keys 1-4), so a client that never ran is no verdict;
--server serves on this process's own fds 3-6 (for the MIPS VM, whose exit status is the
verdict). Host failures, signals and unexpected exit codes exit 2 with a one-line reason.`,
  options: [
    { name: 'l1.head', value: '<hash>', help: 'L1 head block hash (local key 1)' },
    { name: 'l2.head', value: '<hash>', help: 'agreed L2 block hash (answers l2-output)' },
    { name: 'l2.outputroot', value: '<hash>', help: 'agreed L2 output root (local key 2)' },
    { name: 'l2.claim', value: '<hash>', help: 'claimed L2 output root (local key 3)' },
    { name: 'l2.blocknumber', value: '<n>', help: 'L2 block number of the claim (local key 4)' },
    { name: 'network', value: '<name|id>', help: 'known chain (op-mainnet, op-sepolia, base, …) or chain id' },
    { name: 'rollup.config', value: '<path>', help: 'rollup.json of a custom chain (local key 7)' },
    { name: 'l2.genesis', value: '<path>', help: 'genesis.json of a custom chain; its "config" is local key 6' },
    { name: 'l1', value: '<url>', help: 'L1 JSON-RPC endpoint' },
    { name: 'l1.beacon', value: '<url>', help: 'L1 beacon API endpoint (blobs)' },
    { name: 'l2', value: '<url>', help: 'L2 JSON-RPC endpoint' },
    { name: 'datadir', value: '<dir>', help: 'pre-image store directory (default: in memory)' },
    { name: 'data.format', value: '<file|directory|lmdb>', help: 'datadir layout', default: 'directory' },
    { name: 'exec', value: '<cmd>', help: 'run the client as a child process on fds 3-6' },
    { name: 'server', help: 'serve on this process’s fds 3-6 only' },
    {
      name: 'client.module',
      value: '<path[#export]>',
      help: 'in-process mode: module whose export (default "default") is the client function',
    },
    { name: 'progress', value: '<seconds>', help: 'interval of progress lines on stderr, 0 = none', default: '10' },
  ],
  examples: [
    'faultline host --network op-sepolia --l1.head 0x… --l2.head 0x… --l2.outputroot 0x… --l2.claim 0x… \\',
    '  --l2.blocknumber 1234 --l1 http://l1:8545 --l1.beacon http://beacon:5052 --l2 http://l2:8545 \\',
    '  --datadir ./preimages --exec "faultline client"',
    'faultline host --server --datadir ./preimages --data.format file --network 10 …',
  ],
  run: async (ctx) => {
    const config = parseHostConfig((name) => {
      const v = ctx.flags[name];
      return Array.isArray(v) ? v[v.length - 1] : v;
    });
    const ref = ctx.flags['client.module'];
    const [module, exportName] = typeof ref === 'string' ? ref.split('#') : [];
    const client = module ? { module: resolve(module), ...(exportName ? { exportName } : {}) } : undefined;
    const outcome = await runHost(config, { stderr: ctx.stderr }, createFetcher, client);
    ctx.stderr(`host: ${outcome.reason}`);
    return outcome.exitCode;
  },
};
