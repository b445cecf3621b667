import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@faultline/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type CommandSpec, runCommand } from '../command.js';
import { blockCommand } from './block.js';

const root: CommandSpec = { name: 'faultline', summary: 'test root', subcommands: [blockCommand] };
const JOVIAN = fixturePath('op-jovian-karst', 'op-mainnet-151534212-header.json');
const KARST = fixturePath('op-jovian-karst', 'op-mainnet-157796868-header.json');
const tmp = mkdtempSync(join(tmpdir(), 'faultline-header-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(root, argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

/** A copy of `file` with `edit` applied to its header object. */
function variant(file: string, name: string, edit: (h: Record<string, string>, doc: Record<string, unknown>) => void) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  edit(doc.header, doc);
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('faultline block header (real OP Mainnet headers)', () => {
  it.runIf(JOVIAN)('Jovian era: hash equals the file, op-mainnet inferred, extraData v1 decoded', async () => {
    const { code, out } = await run(['block', 'header', JOVIAN!]);
    expect(code).toBe(0);
    expect(out[0]).toBe(
      'hash        0xe8f38578b756a9fd05ca05dcbe56fd57ce72e9fb06a90e5064562baccf7c7a6e (matches the file)',
    );
    expect(out[2]).toBe('chain       op-mainnet (10), inferred from block number and time');
    expect(out[3]).toMatch(/^fork {8}jovian \(active since 1764691201\)/);
    expect(out[4]).toBe(
      'extraData   0x01000000fa000000020000000000000000 → version 1: denominator 250, elasticity 2, minBaseFee 0 wei',
    );
    expect(out[5]).toMatch(/^blobGasUsed 3374000 /);
  });

  it.runIf(KARST)('Karst era: hash equals the file and the fork is karst', async () => {
    const { code, out } = await run(['block', 'header', '--network', '10', KARST!]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^hash {8}0x75178017f864ca82f39e596f24e443904588fe345d690d3b056959e8be173e4d \(matches/);
    expect(out[2]).toBe('chain       op-mainnet (10), --network');
    expect(out[3]).toMatch(/^fork {8}karst \(active since 1783526401\)/);
  });

  it.runIf(JOVIAN)('a changed field gives another hash: exit 1 and both hashes printed', async () => {
    const path = variant(JOVIAN!, 'gas.json', (h) => {
      h.gasUsed = '0xc091f1';
    });
    const { code, out } = await run(['block', 'header', path]);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/MISMATCH: the file states 0xe8f38578b756a9fd/);
  });

  it.runIf(JOVIAN)('extraData of the wrong version or length for the fork: exit 2 with the reason', async () => {
    const holocene = variant(JOVIAN!, 'v0.json', (h) => {
      h.extraData = '0x00000000fa00000002';
    });
    const r = await run(['block', 'header', holocene]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe('error: extraData 0x00000000fa00000002: version 0 where this fork requires version 1');
    const short = variant(JOVIAN!, 'short.json', (h) => {
      h.extraData = '0x01000000fa0000000200';
    });
    const s = await run(['block', 'header', short]);
    expect(s.code).toBe(2);
    expect(s.err[0]).toBe('error: jovian extraData: expected 17 bytes, got 10');
  });

  it.runIf(JOVIAN)('a block that fits no built-in chain needs --network; unknown networks are refused', async () => {
    const path = variant(JOVIAN!, 'moved.json', (h) => {
      h.timestamp = '0x6a044ec2'; // one second later: no 2-second chain has block 151,534,212 then
    });
    const r = await run(['block', 'header', path]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/fits no built-in chain; pass --network/);
    const u = await run(['block', 'header', '--network', 'nowhere', JOVIAN!]);
    expect(u.code).toBe(2);
    expect(u.err[0]).toMatch(/^error: unknown --network "nowhere"; known: op-mainnet \(10\)/);
  });
});

describe('faultline block header (input shapes and bad input)', () => {
  it.runIf(JOVIAN)(
    'reads a bare eth_getBlockByNumber result and a JSON-RPC response; refuses malformed files',
    async () => {
      const doc = JSON.parse(readFileSync(JOVIAN!, 'utf8'));
      const bare = join(tmp, 'bare.json');
      writeFileSync(bare, JSON.stringify({ ...doc.header, hash: doc.hash }));
      expect((await run(['block', 'header', bare])).code).toBe(0);
      const rpc = join(tmp, 'rpc.json');
      writeFileSync(rpc, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { ...doc.header, hash: doc.hash } }));
      expect((await run(['block', 'header', rpc])).out[0]).toMatch(/matches the file/);
      const broken = join(tmp, 'broken.json');
      writeFileSync(broken, JSON.stringify({ ...doc.header, stateRoot: '0x12' }));
      const b = await run(['block', 'header', broken]);
      expect(b.code).toBe(2);
      expect(b.err[0]).toMatch(/stateRoot: hex: expected 32 bytes, got 1/);
      const notJson = join(tmp, 'not.json');
      writeFileSync(notJson, '{');
      expect((await run(['block', 'header', notJson])).code).toBe(2);
    },
  );
});
