/**
 * `faultline block`: OP-stack block execution from the command line. `verify-fixture` rebuilds
 * kona executor fixtures (`fixture.json` + `kv.json.gz`, as in ../shared/fixtures/kona-exec-*)
 * with @faultline/executor's stateless builder and compares the sealed block hash with the
 * expected one; on a mismatch it names the differing header fields when the expected header is
 * known (it is whenever another fixture in the same directory builds on this block), and with
 * `--debug` prints what every transaction did. This file only reads files and prints.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JumpdestCache } from '@faultline/evm';
import { type BuiltBlock, buildBlock, diffHeaders, type KonaFixture, parseKonaFixture } from '@faultline/executor';
import { bytesToHex } from '@faultline/primitives';
import { type Header, headerFromJson, headerHash } from '@faultline/protocol';
import { type CommandContext, type CommandSpec, flagBool, UsageError } from '../command.js';
import { headerSubcommand } from './block-header.js';

function loadFixture(dir: string): KonaFixture {
  const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'));
  const kv = JSON.parse(gunzipSync(readFileSync(join(dir, 'kv.json.gz'))).toString('utf8'));
  return parseKonaFixture(fixture, kv);
}

/**
 * Expected headers by hash: the parent headers of every fixture beside the given ones (a fixture
 * for block N+1 carries block N's full header, which the fixture for N only knows by hash).
 */
function knownHeaders(dirs: string[]): Map<string, Header> {
  const out = new Map<string, Header>();
  const parents = new Set(dirs.map((d) => dirname(resolve(d))));
  for (const parent of parents) {
    for (const name of readdirSync(parent)) {
      const file = join(parent, name, 'fixture.json');
      if (!existsSync(file)) continue;
      try {
        const header = headerFromJson(JSON.parse(readFileSync(file, 'utf8')).parent_header);
        out.set(bytesToHex(headerHash(header)), header);
      } catch {
        // Not a kona fixture: it simply contributes no header.
      }
    }
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function printTransactions(ctx: CommandContext, block: BuiltBlock): void {
  ctx.stdout('    idx type status   gasUsed  cumulative logs l1Fee              sender / error');
  for (const o of block.outcomes) {
    const status = o.success ? 'ok' : 'failed';
    const l1 = o.l1Fee === undefined ? '-' : o.l1Fee.fee.toString();
    const note = o.error ? `${o.sender} ${o.error}` : o.sender;
    ctx.stdout(
      `    ${String(o.index).padStart(3)} 0x${o.type.toString(16).padStart(2, '0')} ${status.padEnd(6)} ${String(o.gasUsed).padStart(9)} ${String(o.cumulativeGasUsed).padStart(11)} ${String(o.logCount).padStart(4)} ${l1.padEnd(18)} ${note}`,
    );
  }
}

const verifyFixture: CommandSpec = {
  name: 'verify-fixture',
  summary: 'rebuild kona executor fixtures and compare block hashes',
  description: `
Each directory holds fixture.json (rollup config, parent header, payload attributes, expected
block hash) and kv.json.gz (keccak-keyed trie nodes and code). The block is built statelessly
on the parent's state root, sealed, and its hash compared. One line per block: number, tx
count, computed and expected hash, wall-clock and CPU milliseconds spent building (loading
excluded; on a busy machine the CPU figure is the fairer one); then "N passed, N failed" and
the median time per block. Exit 0 only if every block matches.`,
  args: { value: '<dir>...', min: 1 },
  options: [
    { name: 'debug', help: 'print every transaction (status, gas, logs, L1 fee, error) of mismatching blocks' },
  ],
  examples: [
    'faultline block verify-fixture ../shared/fixtures/kona-exec-*',
    'faultline block verify-fixture --debug ../shared/fixtures/kona-exec-op-sepolia-22880574',
  ],
  run: (ctx) => {
    if (ctx.args.length === 0) throw new UsageError('verify-fixture: expected at least one fixture directory');
    const debug = flagBool(ctx, 'debug');
    let headers: Map<string, Header> | undefined;
    // Jumpdest analyses are keyed by code hash, so one cache is valid across blocks (as in a host).
    const jumpdests = new JumpdestCache();
    let passed = 0;
    let failed = 0;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (const dir of ctx.args) {
      const name = basename(resolve(dir));
      let fx: KonaFixture;
      try {
        fx = loadFixture(dir);
      } catch (e) {
        failed++;
        ctx.stdout(`FAIL ${name}: cannot load fixture: ${(e as Error).message}`);
        continue;
      }
      const number = fx.parent.number + 1n;
      const txs = fx.attributes.transactions.length;
      const expected = bytesToHex(fx.expectedHash);
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      let block: BuiltBlock;
      try {
        block = buildBlock({
          rollup: fx.rollup,
          parent: fx.parent,
          attributes: fx.attributes,
          nodes: fx.store,
          code: fx.store,
          jumpdests,
        });
      } catch (e) {
        failed++;
        ctx.stdout(`FAIL ${number} txs=${txs} error: ${(e as Error).message} expected=${expected}`);
        continue;
      }
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      times.push(ms);
      cpuTimes.push(cpuMs);
      const computed = bytesToHex(block.hash);
      const ok = computed === expected;
      if (ok) passed++;
      else failed++;
      ctx.stdout(
        `${ok ? 'PASS' : 'FAIL'} ${number} txs=${txs} computed=${computed} expected=${expected} ${ms.toFixed(0)}ms (cpu ${cpuMs.toFixed(0)}ms)`,
      );
      if (ok) continue;
      headers ??= knownHeaders(ctx.args);
      const want = headers.get(expected);
      if (want) {
        for (const d of diffHeaders(block.header, want)) {
          ctx.stdout(`    ${d.field} differs: built ${d.built}, expected ${d.expected}`);
        }
      } else {
        const h = block.header;
        ctx.stdout(
          `    expected header unknown (the fixture has only its hash); built stateRoot=${bytesToHex(h.stateRoot)} receiptsRoot=${bytesToHex(h.receiptsRoot)} gasUsed=${h.gasUsed}`,
        );
      }
      if (debug) printTransactions(ctx, block);
    }
    ctx.stdout(`${passed} passed, ${failed} failed`);
    if (times.length > 0) {
      ctx.stdout(
        `median ${median(times).toFixed(0)} ms per block (cpu ${median(cpuTimes).toFixed(0)} ms; ${times.length} built)`,
      );
    }
    return failed === 0 ? 0 : 1;
  },
};

export const blockCommand: CommandSpec = {
  name: 'block',
  summary: 'build and verify OP-stack blocks',
  description: `
The executor builds an OP-stack block statelessly from its parent header, the payload
attributes and the trie nodes and code it touches: deposits, L1 data fees, fee vaults,
EIP-1559 with Canyon/Holocene/Jovian parameters, Jovian's DA footprint, EIP-4788/2935 system
calls, header sealing. "header" checks a single JSON-RPC header.`,
  subcommands: [verifyFixture, headerSubcommand],
  examples: [
    'faultline block verify-fixture ../shared/fixtures/kona-exec-*',
    'faultline block header ../shared/fixtures/op-jovian-karst/op-mainnet-157796868-header.json',
  ],
};
