/**
 * `faultline cannon verify-step --onchain` as a real process: proofs written by our VM for
 * open_mips programs are decided by MIPS.sol in our EVM — an ordinary step is "ok" (exit 0), a
 * srav ≥ 32 step is a KNOWN DIVERGENCE (exit 1, not a pass), a proof with a flipped merkle
 * sibling is a BAD PROOF (exit 1), a cannon64-sized proof is refused in one line (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instructionOf } from '@faultline/game';
import { InMemoryOracle, MipsState, MipsVM, proveStep, type StepProof, stepProofToJson } from '@faultline/mips';
import { fixturePath } from '@faultline/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-onchain-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openMips = fixturePath('cannon-mips32-open-mips-tests');

function faultline(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
}

/** The proofs of every step of an open_mips program. */
function proofsOf(file: string): StepProof[] {
  const st = new MipsState();
  st.memory.setRange(0, new Uint8Array(readFileSync(join(openMips!, 'bin', file))));
  st.registers[31] = 0xa7ef00d0 | 0;
  const vm = new MipsVM(st, new InMemoryOracle());
  const out: StepProof[] = [];
  for (let i = 0; i < 1000 && st.pc !== 0xa7ef00d0; i++) out.push(proveStep(vm));
  return out;
}

function write(name: string, p: StepProof): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(stepProofToJson(p)));
  return path;
}

describe.skipIf(!openMips)('cannon verify-step --onchain', () => {
  let add: string;
  let srav: string;
  let tampered: string;
  beforeAll(() => {
    const adds = proofsOf('add.bin');
    add = write('add.json', adds[3]!);
    const bad = { ...adds[3]!, proofData: adds[3]!.proofData.slice() };
    bad.proofData[100]! ^= 1;
    tampered = write('tampered.json', bad);
    const sravs = proofsOf('srav_large.bin');
    const i = sravs.findIndex((p) => {
      const insn = instructionOf(p.stateData, p.proofData);
      return insn >>> 26 === 0 && (insn & 0x3f) === 7;
    });
    srav = write('srav.json', sravs[i]!);
  });

  it('an ordinary step: MIPS.sol agrees (exit 0), with its gas', () => {
    const r = faultline(['cannon', 'verify-step', '--onchain', add]);
    expect(r.stderr).toMatch(/MIPS 1\.0\.1 at 0x[0-9a-f]{40}, PreimageOracle 1\.0\.0/);
    expect(r.stdout).toMatch(/add\.json: ok step=3 insn=0x[0-9a-f]{8} post=0x[0-9a-f]{64} gas=\d+/);
    expect(r.status).toBe(0);
  });

  it('srav by ≥ 32 is a known divergence, not a pass; --json names it', () => {
    const r = faultline(['cannon', 'verify-step', '--onchain', srav, add]);
    expect(r.stdout).toMatch(/srav\.json: KNOWN DIVERGENCE \(srav-shift\)/);
    expect(r.status).toBe(1);
    const j = faultline(['cannon', 'verify-step', '--onchain', '--json', srav]);
    const line = JSON.parse(j.stdout.trim()) as Record<string, unknown>;
    expect(line.verdict).toBe('known-divergence');
    expect(line.divergence).toBe('srav-shift');
    expect(line.onchainPost).not.toBe(line.post);
  });

  it('a tampered proof is a BAD PROOF; a cannon64 proof is refused in one line', () => {
    const r = faultline(['cannon', 'verify-step', '--onchain', '--proof', tampered]);
    expect(r.stdout).toMatch(/tampered\.json: BAD PROOF/);
    expect(r.status).toBe(1);
    const big = JSON.parse(readFileSync(add, 'utf8')) as Record<string, unknown>;
    big['state-data'] = `0x${'00'.repeat(188)}`;
    writeFileSync(join(dir, 'mt.json'), JSON.stringify(big));
    const mt = faultline(['cannon', 'verify-step', '--onchain', 'mt.json']);
    expect(mt.status).toBe(2);
    expect(mt.stderr.trim().split('\n')).toHaveLength(1);
  });
});
