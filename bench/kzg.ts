/**
 * EIP-4844 blob_to_kzg_commitment, every implementation the client can use, on the same random
 * blobs, next to c-kzg (the reference and the peer): c-kzg in Node (setup load + per blob), the
 * client's pure-JS MSM in Node (and in QuickJS when $QJS names a qjs binary), the runtime's C
 * built for the host, and the same C built for MIPS32 with the Cannon flags — exact VM steps per
 * commitment (Faultline's VM: steps with two blobs minus steps with one) and qemu-mips time.
 * Every result is checked against c-kzg. Usage: npm run bench:kzg -- [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pureJsBlobToKzgCommitment } from '@faultline/client';
import { InMemoryOracle, loadElf, MipsVM, parseElf, patchStack } from '@faultline/mips';
import { setupTableSource } from '../packages/client-elf/runtime/kzg/gen-setup.js';
import { BLOB_BYTES, FREESTANDING_MIPS_FLAGS, xorshiftBlobs } from '../packages/client-elf/runtime/kzg/test-blobs.js';
import { benchArgs } from './args.js';

benchArgs({
  usage: 'npm run bench:kzg --',
  about: 'EIP-4844 blob_to_kzg_commitment in every implementation the client can use, next to c-kzg.',
  flags: [{ name: 'json', help: 'one JSON object per line' }],
  env: { QJS: 'a qjs binary, to also time the pure-JS MSM under QuickJS' },
});

const json = process.argv.includes('--json');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KZG = join(root, 'packages/client-elf/runtime/kzg');
const BLOB = BLOB_BYTES;
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-kzg-'));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const results: Record<string, unknown>[] = [];
const report = (r: Record<string, unknown>) => {
  results.push(r);
  if (!json)
    console.log(
      Object.entries(r)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    );
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const blobs = xorshiftBlobs;

const sample = blobs(1, 6);
const ckzg = createRequire(import.meta.url)('c-kzg') as {
  loadTrustedSetup(p: number): void;
  blobToKzgCommitment(b: Uint8Array): Uint8Array;
};
let t = performance.now();
ckzg.loadTrustedSetup(0);
const setupMs = performance.now() - t;
const expected = sample.map((b) => hex(ckzg.blobToKzgCommitment(b)));
const ckzgMs = sample.map((b) => {
  const t0 = performance.now();
  ckzg.blobToKzgCommitment(b);
  return performance.now() - t0;
});
report({ impl: 'c-kzg (node)', setup_ms: Math.round(setupMs), ms_per_blob: median(ckzgMs).toFixed(1) });

const jsMs: number[] = [];
for (const [i, b] of sample.slice(0, 4).entries()) {
  t = performance.now();
  const c = pureJsBlobToKzgCommitment(b);
  jsMs.push(performance.now() - t);
  if (hex(c) !== expected[i]) throw new Error(`pure JS disagrees with c-kzg on blob ${i}`);
}
report({ impl: 'pure JS (node)', first_ms: Math.round(jsMs[0]!), ms_per_blob: Math.round(median(jsMs.slice(1))) });

const qjs = process.env.QJS;
if (qjs && existsSync(qjs)) {
  const entry = join(dir, 'qjs-entry.ts');
  writeFileSync(
    entry,
    `import { pureJsBlobToKzgCommitment } from ${JSON.stringify(join(root, 'packages/client/src/kzg-msm.ts'))};
declare const print: (s: string) => void;
const b = new Uint8Array(${BLOB});
let s = 1;
for (let i = 0; i < b.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; b[i] = s & 0xff; if (i % 32 === 0) b[i] = (s >>> 8) % 0x73; }
for (let k = 0; k < 3; k++) { const t = Date.now(); const c = pureJsBlobToKzgCommitment(b); print(Array.from(c, (x) => x.toString(16).padStart(2, '0')).join('') + ' ' + (Date.now() - t)); }
`,
  );
  const bundle = join(dir, 'qjs.js');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [
    entry,
    '--bundle',
    '--format=iife',
    '--platform=neutral',
    `--outfile=${bundle}`,
    '--log-level=error',
  ]);
  const lines = execFileSync(qjs, [bundle], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  if (lines.some(([c]) => c !== expected[0])) throw new Error('pure JS under QuickJS disagrees with c-kzg');
  report({
    impl: 'pure JS (quickjs)',
    first_ms: Number(lines[0]![1]),
    ms_per_blob: median(lines.slice(1).map((l) => Number(l[1]))),
  });
}

const setupC = join(dir, 'kzg-setup.c');
writeFileSync(setupC, setupTableSource());
if (has('gcc')) {
  const bin = join(dir, 'kzg-test');
  execFileSync('gcc', ['-O2', `-I${KZG}`, '-o', bin, join(KZG, 'kzg.c'), join(KZG, 'test-main.c'), setupC]);
  const time = (n: number) => {
    const input = Buffer.concat(sample.slice(0, n));
    const runs = [0, 1, 2].map(() => {
      const t0 = performance.now();
      const r = spawnSync(bin, { input, encoding: 'utf8' });
      if (r.stdout.trim().split('\n').join() !== expected.slice(0, n).join()) throw new Error('C disagrees with c-kzg');
      return performance.now() - t0;
    });
    return median(runs);
  };
  report({ impl: 'C (x86-64, gcc -O2)', ms_per_blob: ((time(6) - time(1)) / 5).toFixed(1) });
}

if (has('mips-linux-gnu-gcc') && has('qemu-mips')) {
  const build = (n: number) => {
    const elf = join(dir, `bench-${n}.elf`);
    execFileSync('mips-linux-gnu-gcc', [
      ...FREESTANDING_MIPS_FLAGS,
      `-I${KZG}`,
      `-DBLOBS=${n}`,
      '-o',
      elf,
      join(KZG, 'kzg.c'),
      join(KZG, 'bench-mips.c'),
      setupC,
    ]);
    return elf;
  };
  const steps = (elf: string) => {
    const state = loadElf(parseElf(new Uint8Array(readFileSync(elf))));
    patchStack(state);
    let out = '';
    const vm = new MipsVM(state, new InMemoryOracle(), { stdout: (b) => void (out += Buffer.from(b).toString()) });
    const t0 = performance.now();
    while (!state.exited) vm.run(1 << 24);
    return { steps: state.step, ms: performance.now() - t0, out };
  };
  const qemu = (elf: string) =>
    median(
      [0, 1, 2].map(() => {
        const t0 = performance.now();
        execFileSync('qemu-mips', [elf]);
        return performance.now() - t0;
      }),
    );
  const [one, two] = [build(1), build(2)];
  const a = steps(one);
  const b = steps(two);
  if (a.out.trim() !== expected[0]) throw new Error('MIPS build disagrees with c-kzg');
  report({
    impl: 'C (MIPS32, Faultline VM)',
    steps_per_blob: b.steps - a.steps,
    steps_one_blob_program: a.steps,
    vm_ms_one_blob: Math.round(a.ms),
    qemu_ms_per_blob: Math.round(qemu(two) - qemu(one)),
  });
}
if (json) console.log(JSON.stringify({ bench: 'kzg', results }));
