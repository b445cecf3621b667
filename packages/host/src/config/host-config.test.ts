import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToUtf8 } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { CUSTOM_CHAIN_ID } from '../kv/local-source.js';
import { parseHostConfig } from './host-config.js';

const H = (b: string) => `0x${b.repeat(32)}`;
const BASE: Record<string, string | boolean> = {
  'l1.head': H('11'),
  'l2.head': H('22'),
  'l2.outputroot': H('33'),
  'l2.claim': H('44'),
  'l2.blocknumber': '12',
  network: 'op-sepolia',
  datadir: '/tmp/x',
};
const parse = (over: Record<string, string | boolean | undefined>) =>
  parseHostConfig((name) => ({ ...BASE, ...over })[name]);

describe('parseHostConfig (op-program Config.Check rules)', () => {
  it('reads the boot values and defaults', () => {
    const c = parse({});
    expect(c.boot.l2ClaimBlockNumber).toBe(12n);
    expect(c.boot.l2ChainId).toBe(11155420n);
    expect(c.dataFormat).toBe('directory');
    expect(c.mode).toEqual({ kind: 'in-process' });
    expect(c.l1Rpc).toBeUndefined();
  });

  it.each([
    [{ 'l2.claim': undefined }, 'missing required flag --l2.claim'],
    [{ 'l1.head': '0x1234' }, '--l1.head: expected a 0x-prefixed 32-byte hash, got "0x1234"'],
    [{ 'l2.blocknumber': '0' }, '--l2.blocknumber must not be 0'],
    [{ network: undefined }, 'either --network or --rollup.config is required'],
    [{ 'rollup.config': '/x' }, '--network cannot be combined with --rollup.config or --l2.genesis'],
    [{ network: 'mars' }, 'unknown --network "mars"'],
    [{ l1: 'http://a' }, '--l1 and --l2 must be given together'],
    [{ datadir: undefined }, '--datadir must be specified when in non-fetching mode (no --l1/--l2)'],
    [{ exec: 'client', server: true }, '--exec and --server are mutually exclusive'],
    [{ 'data.format': 'pebble' }, 'unknown data format "pebble"; expected one of: file, directory, lmdb'],
  ])('%j → %s', (over, message) => {
    expect(() => parse(over)).toThrow(message);
  });

  it('online without a datadir; --exec splits the command', () => {
    const c = parse({ l1: 'http://l1', l2: 'http://l2', datadir: undefined, exec: 'node client.js --x' });
    expect(c.datadir).toBeUndefined();
    expect(c.mode).toEqual({ kind: 'exec', argv: ['node', 'client.js', '--x'] });
  });

  it('custom chains get the marker chain id and serve the configs as keys 6/7', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cfg-'));
    writeFileSync(join(dir, 'rollup.json'), '{"l2_chain_id": 901}');
    writeFileSync(join(dir, 'genesis.json'), '{"config": {"chainId": 901}, "alloc": {}}');
    const c = parse({
      network: undefined,
      'rollup.config': join(dir, 'rollup.json'),
      'l2.genesis': join(dir, 'genesis.json'),
    });
    expect(c.boot.l2ChainId).toBe(CUSTOM_CHAIN_ID);
    expect(bytesToUtf8(c.boot.l2ChainConfig!)).toBe('{"chainId":901}');
    expect(bytesToUtf8(c.boot.rollupConfig!)).toBe('{"l2_chain_id": 901}');
  });
});

describe('parseHostConfig --program kona', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-kona-'));
  const rollup = join(dir, 'rollup.json');
  const genesis = join(dir, 'genesis.json');
  const l1 = join(dir, 'l1.json');
  writeFileSync(rollup, JSON.stringify({ l2_chain_id: 901 }));
  writeFileSync(genesis, JSON.stringify({ config: { chainId: 901 } }));
  writeFileSync(l1, JSON.stringify({ config: { chainId: 900, pragueTime: 0 } }));
  const custom = { network: undefined, 'rollup.config': rollup, 'l2.genesis': genesis };

  it("serves a custom chain under its real id with kona's keys: the L1 config from --l1.chainconfig", () => {
    const c = parse({ ...custom, program: 'kona', 'l1.chainconfig': l1 });
    expect(c.boot.program).toBe('kona');
    expect(c.boot.l2ChainId).toBe(901n);
    expect(bytesToUtf8(c.boot.l1ChainConfig!)).toBe('{"chainId":900,"pragueTime":0}');
  });

  it('needs --l1.chainconfig for kona, and refuses an unknown program', () => {
    expect(() => parse({ ...custom, program: 'kona' })).toThrow(
      '--program kona with a custom chain needs --l1.chainconfig',
    );
    expect(() => parse({ program: 'asterisc' })).toThrow('--program: expected op-program or kona, got "asterisc"');
    expect(parse({ ...custom }).boot.l2ChainId).toBe(CUSTOM_CHAIN_ID);
  });
});
