/**
 * Trie benchmark: Faultline's `Trie` against @ethereumjs/mpt (the peer) in the same process,
 * on the workload that dominates block execution — secure-style 32-byte keys, account-sized
 * values: bulk insert + root, random reads, an update batch + root on a populated trie, and
 * lazy opening from a node store. Prints one JSON object per line:
 * {"bench","impl","n","ms","opsPerSec"}. Run: `npx tsx bench/trie.ts [n]`.
 */
import { createMPT } from '@ethereumjs/mpt';
import { bytesToHex, keccak256, rlpEncode } from '@faultline/primitives';
import { MemoryNodeStore, Trie } from '@faultline/trie';
import { benchArgs } from './args.js';

benchArgs({
  usage: 'npm run bench:trie --',
  about:
    'Trie inserts, reads, updates and lazy opening next to @ethereumjs/mpt; n is the number of keys (default 10000).',
  flags: [],
  args: '[n]',
});

const n = Number(process.argv[2] ?? 10_000);
const keys = Array.from({ length: n }, (_, i) => keccak256(rlpEncode(i)));
const values = keys.map((_, i) =>
  rlpEncode([BigInt(i), 10n ** 18n + BigInt(i), keccak256(rlpEncode(i + 1)), keccak256(rlpEncode(i + 2))]),
);
const updates = Math.min(2_000, n);

function report(bench: string, impl: string, count: number, ms: number): void {
  console.log(
    JSON.stringify({ bench, impl, n: count, ms: Number(ms.toFixed(2)), opsPerSec: Math.round((count / ms) * 1000) }),
  );
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function runFaultline(emit: typeof report): Promise<Uint8Array> {
  const ours = new Trie();
  emit(
    'insert+root',
    'faultline',
    n,
    await time(() => {
      for (let i = 0; i < n; i++) ours.put(keys[i]!, values[i]!);
      ours.root();
    }),
  );
  emit(
    'get',
    'faultline',
    n,
    await time(() => {
      for (let i = 0; i < n; i++) ours.get(keys[(i * 7919) % n]!);
    }),
  );
  emit(
    'update+root',
    'faultline',
    updates,
    await time(() => {
      for (let i = 0; i < updates; i++) ours.put(keys[(i * 31) % n]!, values[(i * 17) % n]!);
      ours.root();
    }),
  );
  const store = new MemoryNodeStore();
  store.putAll(ours.commit().nodes);
  const root = ours.root();
  emit(
    'lazy-open get',
    'faultline',
    updates,
    await time(() => {
      const lazy = Trie.open(root, store);
      for (let i = 0; i < updates; i++) lazy.get(keys[(i * 7919) % n]!);
    }),
  );
  return root;
}

async function runEthereumjs(emit: typeof report): Promise<Uint8Array> {
  const theirs = await createMPT();
  emit(
    'insert+root',
    'ethereumjs',
    n,
    await time(async () => {
      for (let i = 0; i < n; i++) await theirs.put(keys[i]!, values[i]!);
      theirs.root();
    }),
  );
  emit(
    'get',
    'ethereumjs',
    n,
    await time(async () => {
      for (let i = 0; i < n; i++) await theirs.get(keys[(i * 7919) % n]!);
    }),
  );
  emit(
    'update+root',
    'ethereumjs',
    updates,
    await time(async () => {
      for (let i = 0; i < updates; i++) await theirs.put(keys[(i * 31) % n]!, values[(i * 17) % n]!);
      theirs.root();
    }),
  );
  return theirs.root();
}

// One unreported pass each warms the JIT, so both sides are measured hot.
const silent = () => {};
await runFaultline(silent);
await runEthereumjs(silent);
const ours = await runFaultline(report);
const theirs = await runEthereumjs(report);
if (bytesToHex(theirs) !== bytesToHex(ours)) throw new Error('roots differ between implementations');
