/**
 * The dispute end to end, as `npm run demo:dispute` plays it but with the one game that ends in an
 * on-chain step: a devnet with client.elf's prestate, a wrong output root defended by a dishonest
 * actor who lies from client.elf's first keccak read, the honest challenger bisecting outputs and
 * the execution trace, loading the keccak pre-image part and stepping on chain, the clocks
 * expiring, resolution → CHALLENGER_WINS and the bonds claimed. A real process, real anvil.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBin } from '../../test-fixtures/run-bin.js';

const ELF =
  process.env.FAULTLINE_DISPUTE_ELF ?? fileURLToPath(new URL('../../../client-elf/dist/client.elf', import.meta.url));
const have = existsSync(ELF);
if (!have && process.env.FAULTLINE_REQUIRE_ELF)
  throw new Error(`${ELF} is missing but FAULTLINE_REQUIRE_ELF is set: run "npm run build:elf" first`);
if (!have) console.warn(`SKIPPING the dispute end-to-end test: ${ELF} not built (run "npm run build:elf")`);

const demo = (args: string[]) => runBin(['demo-dispute', ...args]);

describe.skipIf(!have)('demo-dispute --game wrong', () => {
  it('ends CHALLENGER_WINS through an on-chain step that loads a keccak pre-image part', {
    timeout: 3_600_000,
  }, async () => {
    const r = await demo(['--game', 'wrong', '--elf', ELF]);
    expect(r.out).toMatch(/load loadKeccak256PreimagePart: keccak pre-image 0x02[0-9a-f]{62}/);
    expect(r.out).toMatch(/on-chain step: gas \d+ \(1 pre-image load\)/);
    expect(r.out).toMatch(
      /leaf #\d+ decided by VM step \d+: pc 0x[0-9a-f]{8} 0x0000000c syscall read\(fd 5 preimage_read\), reading keccak256 /,
    );
    expect(r.out).toMatch(/bonds claimed by the challenger: [1-9]\d* wei/);
    expect(r.out).toContain('✓ CHALLENGER_WINS (expected CHALLENGER_WINS)');
    expect(r.code, r.out.slice(-3000)).toBe(0);
  });
});

describe.skipIf(!have)('demo-dispute --game wrong --lie-at local', () => {
  it('ends CHALLENGER_WINS through an on-chain step on a local-key read, loaded by addLocalData', {
    timeout: 3_600_000,
  }, async () => {
    const r = await demo(['--game', 'wrong', '--lie-at', 'local', '--elf', ELF]);
    // FaultDisputeGame.addLocalData puts the game's own value under the key localized with the
    // game's address and the subgame's local context; MIPS.step then reads it.
    expect(r.out).toMatch(/load addLocalData: local key [1-5] at offset \d+ for the step on #\d+/);
    expect(r.out).toMatch(/on-chain step: gas \d+ \(1 pre-image load\)/);
    expect(r.out).toMatch(
      /leaf #\d+ decided by VM step \d+: pc 0x[0-9a-f]{8} 0x0000000c syscall read\(fd 5 preimage_read\), reading local 0x01/,
    );
    expect(r.out).toContain('✓ CHALLENGER_WINS (expected CHALLENGER_WINS)');
    expect(r.code, r.out.slice(-3000)).toBe(0);
  });

  it('an unknown --lie-at is one usage line', { timeout: 60_000 }, async () => {
    const r = await demo(['--lie-at', 'sha256', '--elf', ELF]);
    expect(r.out.trim()).toBe('error: --lie-at: expected keccak or local, got sha256');
    expect(r.code).toBe(2);
  });
});
