/**
 * The runtime's native KZG commitment (runtime/kzg/kzg.c) against c-kzg's blobToKzgCommitment:
 * built with the host's gcc for random and edge-case blobs; its special cases (doubling,
 * cancellation, infinity, inverse) against @noble/curves; and built for MIPS32 with the
 * Cannon-safe flags, run under qemu-mips and in Faultline's VM, which must print the same
 * commitment. Skipped, with a warning, where a compiler or qemu is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLS_MODULUS } from '@faultline/client';
import { blobCommitment as cKzgCommitment } from '@faultline/host';
import { InMemoryOracle, loadElf, MipsVM, parseElf, patchStack } from '@faultline/mips';
import { bytesToHex } from '@faultline/primitives';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustedSetupG1Lagrange, reverseBits12 } from '../../client/scripts/kzg-setup-file.js';
import { setupTableSource } from '../runtime/kzg/gen-setup.js';
import { BLOB_BYTES, FREESTANDING_MIPS_FLAGS, xorshiftBlobs } from '../runtime/kzg/test-blobs.js';

const KZG = join(dirname(fileURLToPath(import.meta.url)), '..', 'runtime', 'kzg');
const BLOB = BLOB_BYTES;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const haveGcc = has('gcc');
const haveMips = has('mips-linux-gnu-gcc') && has('qemu-mips');
if (!haveGcc || !haveMips) {
  console.warn(
    `\n!!! KZG runtime tests SKIPPED in part (gcc: ${haveGcc}, mips-linux-gnu-gcc + qemu-mips: ${haveMips}): apt-get install gcc gcc-mips-linux-gnu qemu-user\n`,
  );
}

const out = mkdtempSync(join(tmpdir(), 'faultline-kzg-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const setupC = join(out, 'kzg-setup.c');

const xorshiftBlob = (seed: number): Uint8Array => xorshiftBlobs(seed, 1)[0]!;

/** Every element set to `value`. */
function filled(value: bigint): Uint8Array {
  const blob = new Uint8Array(BLOB);
  const hex = value.toString(16).padStart(64, '0');
  for (let j = 0; j < 32; j++) blob[j] = Number.parseInt(hex.slice(2 * j, 2 * j + 2), 16);
  for (let i = 1; i < 4096; i++) blob.copyWithin(32 * i, 0, 32);
  return blob;
}

/** c-kzg's answer in test-main's format: the commitment in hex, or "error" for a rejected blob. */
function reference(blob: Uint8Array): string {
  try {
    return bytesToHex(cKzgCommitment(blob)).slice(2);
  } catch {
    return 'error';
  }
}

beforeAll(() => writeFileSync(setupC, setupTableSource()));

/**
 * The stdin/stdout driver (test-main.c) built two ways: with the host's gcc (the portable C), and
 * for MIPS with glibc under qemu-mips — the same assembly multiplication client.elf runs.
 */
const DRIVERS = [
  { name: 'host gcc (portable C)', ready: haveGcc, cc: 'gcc', flags: ['-O2', '-Wall', '-Werror'], run: [] as string[] },
  {
    name: 'mips-linux-gnu-gcc under qemu-mips (MIPS32 assembly)',
    ready: haveMips,
    cc: 'mips-linux-gnu-gcc',
    flags: ['-O2', '-static'],
    run: ['qemu-mips'],
  },
];

describe.each(DRIVERS)('kzg.c built by $name', ({ name, ready, cc, flags, run }) => {
  const bin = join(out, `kzg-test-${cc}`);
  const drive = (input: Uint8Array) => {
    const [cmd, ...args] = [...run, bin];
    return spawnSync(cmd!, args, { input, encoding: 'utf8' });
  };
  beforeAll(() => {
    if (!ready) return;
    execFileSync(cc, [...flags, `-I${KZG}`, '-o', bin, join(KZG, 'kzg.c'), join(KZG, 'test-main.c'), setupC]);
  }, 60_000);

  const cases: [string, () => Uint8Array][] = [
    ['a random blob', () => xorshiftBlob(1)],
    ['another random blob', () => xorshiftBlob(0xfa17)],
    ['the zero blob (infinity)', () => new Uint8Array(BLOB)],
    ['every element r − 1', () => filled(BLS_MODULUS - 1n)],
    ['every element equal (all points in one bucket per window)', () => filled(0x1234567890abcdefn << 100n)],
    [
      'one element 1 (a single setup point)',
      () => {
        const b = new Uint8Array(BLOB);
        b[32 * 4095 + 31] = 1;
        return b;
      },
    ],
    [
      'element i = i (small digits, empty high windows)',
      () => {
        const b = new Uint8Array(BLOB);
        for (let i = 0; i < 4096; i++) {
          b[32 * i + 30] = i >> 8;
          b[32 * i + 31] = i & 0xff;
        }
        return b;
      },
    ],
    [
      'half the elements zero (OP batcher padding)',
      () => {
        const b = xorshiftBlob(99);
        b.fill(0, BLOB / 2);
        return b;
      },
    ],
  ];

  it.skipIf(!ready)('gives c-kzg’s commitment, byte for byte', () => {
    const blobs = cases.map(([, make]) => make());
    const r = drive(Buffer.concat(blobs));
    expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(cases.length);
    for (const [i, [what]] of cases.entries()) expect(`${what}: ${lines[i]}`).toBe(`${what}: ${reference(blobs[i]!)}`);
  });

  it.skipIf(!ready)('rejects a non-canonical element (= r, 2^256 − 1) by index, as c-kzg rejects the blob', () => {
    const blobs = [BLS_MODULUS, (1n << 256n) - 1n].map((bad) => {
      const b = xorshiftBlob(5);
      b.set(filled(bad).subarray(0, 32), 32 * 77);
      return b;
    });
    expect(drive(Buffer.concat(blobs)).stdout).toBe('error 77\nerror 77\n');
    for (const b of blobs) expect(reference(b)).toBe('error');
  });

  it.skipIf(!ready)(
    'handles doublings, cancellations and infinity in its additions (checked with @noble/curves)',
    () => {
      const bin2 = join(out, `kzg-internals-${cc}`);
      execFileSync(cc, [...flags, `-I${KZG}`, '-o', bin2, join(KZG, 'test-internals.c'), setupC]);
      const [cmd, ...args] = [...run, bin2];
      const lines = execFileSync(cmd!, args, { encoding: 'utf8' }).trim().split('\n');
      const { lines: setup } = readTrustedSetupG1Lagrange();
      const G1 = bls12_381.G1.Point;
      const l0 = G1.fromHex(setup[reverseBits12(0)]!);
      const l1 = G1.fromHex(setup[reverseBits12(1)]!);
      const hex = (p: typeof l0) => p.toHex(true);
      expect(lines).toEqual([
        hex(l0.double()),
        hex(G1.ZERO),
        hex(l1),
        hex(l1),
        hex(l0.add(l1)),
        hex(l1.add(l0)),
        hex(l0.double()),
        hex(G1.ZERO),
        hex(l0.double().add(l1)),
        'inverse ok',
      ]);
    },
  );
});

describe.skipIf(!haveMips)('kzg.c built for MIPS32 (Cannon instruction set)', () => {
  const elf = join(out, 'kzg-bench.elf');
  beforeAll(() => {
    execFileSync('mips-linux-gnu-gcc', [
      ...FREESTANDING_MIPS_FLAGS,
      `-I${KZG}`,
      '-DBLOBS=1',
      '-o',
      elf,
      join(KZG, 'kzg.c'),
      join(KZG, 'bench-mips.c'),
      setupC,
    ]);
  }, 60_000);

  it('qemu-mips and the Faultline VM print c-kzg’s commitment', () => {
    const expected = `${reference(xorshiftBlob(1))}\n`;
    const q = spawnSync('qemu-mips', [elf], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expect(q.stdout).toBe(expected);
    const state = loadElf(parseElf(new Uint8Array(readFileSync(elf))));
    patchStack(state);
    let stdout = '';
    const vm = new MipsVM(state, new InMemoryOracle(), {
      stdout: (b) => {
        stdout += Buffer.from(b).toString('utf8');
      },
    });
    while (!state.exited && state.step < 10_000_000_000) vm.run(1 << 24);
    expect(state.exitCode).toBe(0);
    expect(stdout).toBe(expected);
  }, 120_000);
});
