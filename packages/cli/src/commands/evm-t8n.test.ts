/**
 * `faultline evm t8n` checked the way the issue asks: EEST state tests run through the transition
 * tool. Each vector's pre-state, environment and transaction (signed by t8n with its secretKey)
 * go in; the post-state root and logs hash that come out must equal the fixture's, an
 * expectException vector must be rejected, and the signed transaction's hash must be the hash of
 * the fixture's own txbytes (so the signing is the filler's, byte for byte). Two vectors also go
 * through the real bin with geth's stdin/stdout convention.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isForkActive, parseFork } from '@faultline/evm';
import { bytesToHex, hexToBytes, keccak256, utf8ToBytes } from '@faultline/primitives';
import { fixturePath } from '@faultline/testkit';
import { describe, expect, it } from 'vitest';
import { BIN, NODE_ARGS } from '../self.js';
import { T8N_FORK_NAMES, transition } from './evm-t8n.js';

type Json = Record<string, unknown>;
const ROOT = fixturePath('ethereum-tests/execution-spec-tests/state_tests');
/** One file per transaction type and a few kinds of behaviour (transient storage, blobs, 7702, access lists, fees). */
const FILES = [
  'cancun/eip1153_tstore/test_tload_after_tstore.json',
  'berlin/eip2930_access_list/test_repeated_address_acl.json',
  'london/eip1559_fee_market_change/test_eip1559_tx_validity.json',
  'cancun/eip4844_blobs/test_blob_type_tx_pre_fork.json',
  'prague/eip7702_set_code_tx/test_eoa_init_as_pointer.json',
  'prague/eip7702_set_code_tx/test_empty_authorization_list.json',
  'shanghai/eip3855_push0/test_push0_contracts.json',
  'shanghai/eip3860_initcode/test_contract_creating_tx.json',
  'shanghai/eip3651_warm_coinbase/test_warm_coinbase_gas_usage.json',
];

interface Vector {
  name: string;
  fork: string;
  alloc: Json;
  env: Json;
  tx: Json;
  expected: Json;
  chainId: bigint;
}

function vectorsOf(file: string): Vector[] {
  const out: Vector[] = [];
  const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Json>;
  for (const [name, test] of Object.entries(tests)) {
    const t = test.transaction as Json;
    const env = test.env as Json;
    const number = BigInt(env.currentNumber as string);
    // geth's state-test convention, which the fillers used: BLOCKHASH(n) = keccak256("n").
    const blockHashes: Json = {};
    for (let n = number > 256n ? number - 256n : 0n; n < number; n++)
      blockHashes[String(n)] = bytesToHex(keccak256(utf8ToBytes(String(n))));
    for (const [fork, posts] of Object.entries(test.post as Json)) {
      (posts as Json[]).forEach((p) => {
        const ix = p.indexes as { data: number; gas: number; value: number };
        const al = (t.accessLists as (Json[] | null)[] | undefined)?.[ix.data];
        const type = t.authorizationList ? 4 : t.blobVersionedHashes ? 3 : t.maxFeePerGas ? 2 : al ? 1 : 0;
        const tx: Json = {
          type: `0x${type.toString(16)}`,
          nonce: t.nonce,
          gas: (t.gasLimit as string[])[ix.gas],
          to: t.to === '' ? null : t.to,
          value: (t.value as string[])[ix.value],
          input: (t.data as string[])[ix.data],
          secretKey: t.secretKey,
          protected: isForkActive(parseFork(fork), 'SpuriousDragon'),
        };
        for (const k of [
          'gasPrice',
          'maxFeePerGas',
          'maxPriorityFeePerGas',
          'maxFeePerBlobGas',
          'blobVersionedHashes',
          'authorizationList',
        ])
          if (t[k] !== undefined) tx[k] = t[k];
        if (type >= 1) tx.accessList = al ?? [];
        const chainId = BigInt(((test.config as Json | undefined)?.chainid as string | undefined) ?? '0x01');
        out.push({ name, fork, alloc: test.pre as Json, env: { ...env, blockHashes }, tx, expected: p, chainId });
      });
    }
  }
  return out;
}

describe.runIf(ROOT)('evm t8n on EEST state tests', () => {
  const vectors = ROOT ? FILES.flatMap((f) => vectorsOf(join(ROOT, f))) : [];

  it(`reproduces every vector's post-state root and logs hash (${vectors.length} vectors)`, () => {
    expect(vectors.length).toBeGreaterThan(40);
    let exceptions = 0;
    for (const v of vectors) {
      const { result } = transition({ alloc: v.alloc, env: v.env, txs: [v.tx] }, parseFork(v.fork), v.chainId, 0n);
      const where = `${v.name} ${v.fork}`;
      expect(result.stateRoot, where).toBe((v.expected.hash as string).toLowerCase());
      expect(result.logsHash, where).toBe((v.expected.logs as string).toLowerCase());
      const rejected = (result.rejected as Json[] | undefined) ?? [];
      if (v.expected.expectException !== undefined) {
        exceptions++;
        expect(rejected, where).toHaveLength(1);
      } else {
        expect(rejected, where).toEqual([]);
        const receipts = result.receipts as Json[];
        expect(receipts[0]!.transactionHash, where).toBe(
          bytesToHex(keccak256(hexToBytes(v.expected.txbytes as string))),
        );
      }
    }
    expect(exceptions).toBeGreaterThan(0);
  });

  // Plain `node` (V8's default stack): the work runs in the larger-stack child, which gets the
  // stdin read here; bin/evm below and the bad-input test start the bin with the stack it needs.
  it('through the bin: {alloc, env, txs} on stdin, {result, alloc, body} on stdout', () => {
    const v = vectors.find((x) => x.expected.expectException === undefined)!;
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'evm',
        't8n',
        '--input.alloc',
        'stdin',
        '--input.env',
        'stdin',
        '--input.txs',
        'stdin',
        '--output.result',
        'stdout',
        '--output.alloc',
        'stdout',
        '--output.body',
        'stdout',
        '--state.fork',
        v.fork.toLowerCase(),
      ],
      { encoding: 'utf8', input: JSON.stringify({ alloc: v.alloc, env: v.env, txs: [v.tx] }), timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result.stateRoot).toBe((v.expected.hash as string).toLowerCase());
    // The body is the RLP list of the one included transaction, EEST's own bytes.
    expect(out.body.endsWith((v.expected.txbytes as string).slice(2).toLowerCase())).toBe(true);
    expect(Object.keys(out.alloc).length).toBeGreaterThan(0);
  });

  it('as execution-spec-tests drives a geth evm (bin/evm): --version, forks found in t8n --help, --flag=value streams', () => {
    // EEST's GethEvm: `<evm-bin> --version` must match ^evm(.exe)? version\b; a fork is supported
    // when its name appears in `<evm-bin> t8n --help`; t8n runs with --flag=value over stdin/stdout.
    const EVM = fileURLToPath(new URL('../../bin/evm', import.meta.url));
    const version = spawnSync(EVM, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(version.stdout).toMatch(/^evm(.exe)? version \d+\.\d+\.\d+-faultline\n$/);
    const help = spawnSync(EVM, ['t8n', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    for (const name of T8N_FORK_NAMES) {
      expect(help.stdout).toContain(name);
      expect(() => parseFork(name), name).not.toThrow();
    }
    // A transition fork (EEST's BerlinToLondonAt5) is not offered, so EEST skips it.
    expect(help.stdout).not.toContain('BerlinToLondonAt5');
    const v = vectors.find((x) => x.expected.expectException === undefined)!;
    const r = spawnSync(
      EVM,
      [
        't8n',
        '--input.alloc=stdin',
        '--input.txs=stdin',
        '--input.env=stdin',
        '--output.result=stdout',
        '--output.alloc=stdout',
        '--output.body=stdout',
        `--state.fork=${v.fork}`,
        '--state.chainid=1',
        '--state.reward=-1',
      ],
      { encoding: 'utf8', input: JSON.stringify({ alloc: v.alloc, env: v.env, txs: [v.tx] }), timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).result.stateRoot).toBe((v.expected.hash as string).toLowerCase());
  }, 120_000);

  it('bad input is one line and exit 2', () => {
    const r = spawnSync(
      process.execPath,
      [...NODE_ARGS, BIN, 'evm', 't8n', '--input.alloc', 'stdin', '--input.env', 'stdin', '--input.txs', 'stdin'],
      {
        encoding: 'utf8',
        input: '{"alloc": {}, "env": {"currentCoinbase": "0x01"}, "txs": []}',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error: env: currentBaseFee (or parentBaseFee, parentGasUsed, parentGasLimit) is required from London on\n',
    );
    const coinbase = spawnSync(
      process.execPath,
      [
        ...NODE_ARGS,
        BIN,
        'evm',
        't8n',
        '--input.alloc',
        'stdin',
        '--input.env',
        'stdin',
        '--input.txs',
        'stdin',
        '--state.fork',
        'Berlin',
      ],
      {
        encoding: 'utf8',
        input:
          '{"alloc": {}, "env": {"currentNumber": "1", "currentTimestamp": "1", "currentCoinbase": "0x01", "currentDifficulty": "0x1"}, "txs": []}',
        timeout: 60_000,
      },
    );
    expect([coinbase.status, coinbase.stderr]).toEqual([
      2,
      'error: env.currentCoinbase: expected a 20-byte address, got "0x01"\n',
    ]);
  });
});
