/**
 * client.elf as built by `npm run build:elf`: the recorded bytes and prestate, the instruction
 * check, and the same verdicts from three runs of the one program — client-native (x86),
 * client.elf under qemu-mips, client.elf inside Faultline's MIPS VM — on a short generated
 * chain; and bad input ending in exit 2 (or no verdict at all), never 0 or 1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeRegions, parseElf, scanInstructions } from '@faultline/mips';
import { generateChain, offlineHostFlags, writeChainDatadir } from '@faultline/testkit/chain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prestateOf } from '../src/build-elf.js';
import { PACKAGE_DIR } from '../src/bundle.js';
import { sha256File } from '../src/step.js';
import { BIN, builtElf, cannonRun, ELF, haveCommand, hostExec, NATIVE, runProcess, serverHost } from './support.js';

const have = builtElf();
/** A VM run of a few hundred million steps: tens of seconds, minutes on a crowded machine. */
const VM_TIMEOUT = 600_000;

describe.skipIf(!have)('client.elf', () => {
  let root: string;
  let chain: ReturnType<typeof generateChain>;
  let flags: (claim: Uint8Array) => string[];
  let tampered: Uint8Array;
  let prestate: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'faultline-elf-'));
    chain = generateChain({ blocks: 3, seed: 'client-elf' });
    const dirs = writeChainDatadir(chain, join(root, 'chain'));
    flags = (claim) => offlineHostFlags(chain, dirs, claim);
    tampered = chain.boot.claimedOutputRoot.slice();
    tampered[31]! ^= 1;
    prestate = join(root, 'prestate.bin.gz');
    const load = await runProcess([
      process.execPath,
      BIN,
      'cannon',
      'load-elf',
      '--path',
      ELF,
      '--out',
      prestate,
      '--meta',
      '',
      '--strict',
    ]);
    expect(load.code, load.stderr).toBe(0);
  }, VM_TIMEOUT);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is the recorded build: sha-256 and absolute prestate as in build-record.json', () => {
    const record = JSON.parse(readFileSync(join(PACKAGE_DIR, 'build-record.json'), 'utf8'));
    const why =
      'client.elf differs from build-record.json: rebuild (npm run build:elf) or, if the change is intended, record it (npm run build:elf -- --record)';
    expect(sha256File(ELF), why).toBe(record.sha256);
    expect(prestateOf(new Uint8Array(readFileSync(ELF))), why).toBe(record.prestate);
  });

  it('holds only instructions the VM implements', () => {
    const elf = parseElf(new Uint8Array(readFileSync(ELF)));
    expect(elf.codeSections.map((s) => s.name)).toContain('.text');
    expect(scanInstructions(codeRegions(elf))).toEqual([]);
  });

  it(
    'client-native: valid → 0, tampered → 1',
    async () => {
      const valid = await hostExec(flags(chain.boot.claimedOutputRoot), NATIVE);
      expect(valid.code, valid.stderr).toBe(0);
      expect(valid.stderr).toContain('client: claim valid');
      const invalid = await hostExec(flags(tampered), NATIVE);
      expect(invalid.code, invalid.stderr).toBe(1);
    },
    VM_TIMEOUT,
  );

  it.skipIf(!haveCommand('qemu-mips'))(
    'client.elf under qemu-mips: valid → 0, tampered → 1',
    async () => {
      const valid = await hostExec(flags(chain.boot.claimedOutputRoot), `qemu-mips ${ELF}`);
      expect(valid.code, valid.stderr).toBe(0);
      const invalid = await hostExec(flags(tampered), `qemu-mips ${ELF}`);
      expect(invalid.code, invalid.stderr).toBe(1);
    },
    VM_TIMEOUT,
  );

  it(
    'client.elf inside the MIPS VM: exited with 0 / 1, state hash status byte 0x00 / 0x01',
    async () => {
      const valid = await cannonRun(prestate, serverHost(flags(chain.boot.claimedOutputRoot)));
      expect(valid.code, valid.stderr).toBe(0);
      expect([valid.exited, valid.exit], valid.stderr).toEqual([true, 0]);
      expect(valid.hash?.slice(0, 4)).toBe('0x00');
      const invalid = await cannonRun(prestate, serverHost(flags(tampered)));
      expect([invalid.exited, invalid.exit], invalid.stderr).toEqual([true, 1]);
      expect(invalid.hash?.slice(0, 4)).toBe('0x01');
      // The program is deterministic: the same claim takes the same steps on both sides of the
      // verdict up to the comparison, and never billions here.
      expect(valid.steps).toBeLessThan(2_000_000_000);
    },
    VM_TIMEOUT,
  );

  it(
    'a corrupted pre-image never yields a verdict of 0 or 1 inside the VM',
    async () => {
      // A copy of the datadir (op-program's directory layout: <key[0..2]>/<key[2..]>.txt, hex
      // text) with one hex digit of every keccak pre-image changed: whichever the program reads
      // first is wrong.
      const copy = join(root, 'corrupt');
      const dirs = writeChainDatadir(chain, copy);
      for (const sub of readdirSync(dirs.preimages).filter((d) => d.startsWith('02'))) {
        for (const file of readdirSync(join(dirs.preimages, sub))) {
          const path = join(dirs.preimages, sub, file);
          const text = readFileSync(path, 'utf8').trim();
          const last = text.at(-1) === '0' ? '1' : '0';
          writeFileSync(path, `${text.slice(0, -1)}${last}`);
        }
      }
      const r = await cannonRun(prestate, serverHost(offlineHostFlags(chain, dirs, chain.boot.claimedOutputRoot)));
      expect(r.exited && (r.exit === 0 || r.exit === 1), r.stderr).toBe(false);
    },
    VM_TIMEOUT,
  );

  it('a host that dies at once leaves the VM without a verdict', async () => {
    const r = await cannonRun(prestate, ['true']);
    expect(r.exited && (r.exit === 0 || r.exit === 1), r.stderr).toBe(false);
    expect(r.code).not.toBe(0);
  });

  it('client-native started without a host exits 2 with one line', async () => {
    const r = await runProcess([NATIVE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^client: failed: /);
  });
});
