/**
 * `faultline block`: OP-stack block execution from the command line. `verify-fixture` rebuilds
 * kona executor fixtures (`fixture.json` + `kv.json.gz`, as in ../shared/fixtures/kona-exec-*)
 * with @faultline/executor's stateless builder and compares the sealed block hash with the
 * expected one; on a mismatch it names the differing header fields when the expected header is
 * known (it is whenever another fixture in the same directory builds on this block), and with
 * `--debug` prints what every transaction did. This file only reads files and prints.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JumpdestCache } from '@faultline/evm';
import { type BuiltBlock, buildBlock, diffHeaders, type KonaFixture, parseKonaFixture } from '@faultline/executor';
import { bytesToHex } from '@faultline/primitives';
import { type Header, headerFromJson, headerHash } from '@faultline/protocol';
import {
  type CommandContext,
  type CommandSpec,
  errorLine,
  flagBool,
  flagString,
  makeParentDir,
  UsageError,
} from '../command.js';
import { barChart, htmlPage, type Section, table } from '../report/html.js';
import { headerSubcommand } from './block-header.js';

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

/** One block's result, as printed, put in --json and drawn in --html. */
interface BlockResult {
  fixture: string;
  /** pass / fail (the hash differs) / error (could not load or build: exit 2). */
  status: 'pass' | 'fail' | 'error';
  number?: string;
  txs?: number;
  computed?: string;
  expected?: string;
  ms?: number;
  cpuMs?: number;
  gasUsed?: string;
  error?: string;
  differences?: { field: string; built: string; expected: string }[];
  transactions?: { index: number; type: number; gasUsed: string; ms: number; success: boolean; error?: string }[];
}

/** A fixture directory, loaded; a missing or malformed file is an error naming it. */
function loadFixtureChecked(dir: string): KonaFixture {
  for (const f of ['fixture.json', 'kv.json.gz']) {
    if (!existsSync(join(dir, f))) throw new UsageError(`${join(dir, f)}: no such file (not a kona fixture directory)`);
  }
  let fixture: unknown;
  try {
    fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'));
  } catch (e) {
    throw new UsageError(`${join(dir, 'fixture.json')}: not JSON: ${errorLine(e)}`);
  }
  let kv: unknown;
  try {
    kv = JSON.parse(gunzipSync(readFileSync(join(dir, 'kv.json.gz'))).toString('utf8'));
  } catch (e) {
    throw new UsageError(`${join(dir, 'kv.json.gz')}: not gzipped JSON: ${errorLine(e)}`);
  }
  try {
    return parseKonaFixture(fixture as never, kv as never);
  } catch (e) {
    throw new UsageError(`${dir}: ${errorLine(e)}`);
  }
}

function blockReport(results: readonly BlockResult[]): string {
  const built = results.filter((r) => r.ms !== undefined);
  const sections: Section[] = [
    {
      heading: 'Blocks',
      body: barChart(
        'Build time per block (ms)',
        'block',
        'ms',
        built.map((r) => ({
          label: r.number ?? r.fixture,
          value: r.ms!,
          flagged: r.status !== 'pass',
          note: r.status,
        })),
      ),
    },
  ];
  for (const r of built) {
    const txs = r.transactions ?? [];
    const bars = (value: (t: (typeof txs)[number]) => number) =>
      txs.map((t) => ({
        label: String(t.index),
        value: value(t),
        flagged: !t.success,
        note: t.error ?? `type 0x${t.type.toString(16)}`,
      }));
    sections.push({
      heading: `Block ${r.number} (${r.fixture}): ${r.status.toUpperCase()}, ${r.txs} txs, ${r.ms!.toFixed(1)} ms`,
      body: [
        barChart(
          'Gas per transaction',
          'transaction index',
          'gas',
          bars((t) => Number(t.gasUsed)),
        ),
        barChart(
          'Time per transaction (ms)',
          'transaction index',
          'ms',
          bars((t) => t.ms),
        ),
        r.differences?.length
          ? table(
              ['header field', 'built', 'expected'],
              r.differences.map((d) => [d.field, d.built, d.expected]),
            )
          : '',
      ].join(''),
    });
  }
  const pass = results.filter((r) => r.status === 'pass').length;
  const summary = `${pass} passed, ${results.length - pass} failed or not built; median ${median(built.map((r) => r.ms!)).toFixed(1)} ms per block`;
  return htmlPage('faultline block verify-fixture', summary, sections);
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
the median time per block. Exit 0 when every block matches, 1 when one does not, 2 when a
directory could not be read or a block could not be built (the others are still checked).`,
  args: { value: '<dir>...', min: 1 },
  options: [
    { name: 'debug', help: 'print every transaction (status, gas, logs, L1 fee, error) of mismatching blocks' },
    { name: 'json', help: 'print one JSON object (every block, its transactions and the totals) instead of lines' },
    { name: 'html', value: '<file>', help: 'write an HTML report: time per block, gas and time per transaction' },
  ],
  examples: [
    'faultline block verify-fixture ../shared/fixtures/kona-exec-*',
    'faultline block verify-fixture --debug ../shared/fixtures/kona-exec-op-sepolia-22880574',
    'faultline block verify-fixture --html blocks.html ../shared/fixtures/kona-exec-*',
  ],
  run: (ctx) => {
    const debug = flagBool(ctx, 'debug');
    const json = flagBool(ctx, 'json');
    const html = flagString(ctx, 'html');
    // The report's directory is made before the blocks run, so a path that cannot be written
    // fails at once rather than after minutes of work.
    if (html) makeParentDir('--html', html);
    // In --json mode stdout carries the one JSON object only.
    const out = json ? () => {} : ctx.stdout;
    let headers: Map<string, Header> | undefined;
    // Jumpdest analyses are keyed by code hash, so one cache is valid across blocks (as in a host).
    const jumpdests = new JumpdestCache();
    const results: BlockResult[] = [];
    for (const [i, dir] of ctx.args.entries()) {
      const name = basename(resolve(dir));
      ctx.log.debug('loading fixture', { fixture: name, n: `${i + 1}/${ctx.args.length}` });
      let fx: KonaFixture;
      try {
        fx = loadFixtureChecked(dir);
      } catch (e) {
        results.push({ fixture: name, status: 'error', error: errorLine(e) });
        out(`ERROR ${name}: cannot load fixture: ${errorLine(e)}`);
        continue;
      }
      const number = fx.parent.number + 1n;
      const txs = fx.attributes.transactions.length;
      const expected = bytesToHex(fx.expectedHash);
      const base: BlockResult = { fixture: name, status: 'error', number: String(number), txs, expected };
      const txTimes: number[] = [];
      const start = performance.now();
      let last = start;
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
          onTransaction: () => {
            const now = performance.now();
            txTimes.push(now - last);
            last = now;
          },
        });
      } catch (e) {
        results.push({ ...base, error: errorLine(e) });
        out(`ERROR ${number} txs=${txs} could not build: ${errorLine(e)} expected=${expected}`);
        continue;
      }
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const computed = bytesToHex(block.hash);
      const ok = computed === expected;
      const result: BlockResult = {
        ...base,
        status: ok ? 'pass' : 'fail',
        computed,
        ms,
        cpuMs,
        gasUsed: String(block.header.gasUsed),
        transactions: block.outcomes.map((o, k) => ({
          index: o.index,
          type: o.type,
          gasUsed: String(o.gasUsed),
          ms: txTimes[k] ?? 0,
          success: o.success,
          ...(o.error ? { error: o.error } : {}),
        })),
      };
      results.push(result);
      out(
        `${ok ? 'PASS' : 'FAIL'} ${number} txs=${txs} computed=${computed} expected=${expected} ${ms.toFixed(0)}ms (cpu ${cpuMs.toFixed(0)}ms)`,
      );
      if (json)
        ctx.log.info(ok ? 'block matches' : 'block differs', {
          block: number,
          n: `${i + 1}/${ctx.args.length}`,
          ms: Math.round(ms),
        });
      if (ok) continue;
      headers ??= knownHeaders(ctx.args.filter((d) => existsSync(d)));
      const want = headers.get(expected);
      if (want) {
        result.differences = diffHeaders(block.header, want).map((d) => ({
          field: d.field,
          built: String(d.built),
          expected: String(d.expected),
        }));
        for (const d of result.differences) out(`    ${d.field} differs: built ${d.built}, expected ${d.expected}`);
      } else {
        const h = block.header;
        out(
          `    expected header unknown (the fixture has only its hash); built stateRoot=${bytesToHex(h.stateRoot)} receiptsRoot=${bytesToHex(h.receiptsRoot)} gasUsed=${h.gasUsed}`,
        );
      }
      if (debug && !json) printTransactions(ctx, block);
    }
    const passed = results.filter((r) => r.status === 'pass').length;
    const failed = results.filter((r) => r.status === 'fail').length;
    const errors = results.filter((r) => r.status === 'error').length;
    const times = results.flatMap((r) => (r.ms === undefined ? [] : [r.ms]));
    const cpuTimes = results.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
    if (json) {
      ctx.stdout(
        JSON.stringify({
          passed,
          failed,
          errors,
          medianMs: times.length ? median(times) : null,
          medianCpuMs: cpuTimes.length ? median(cpuTimes) : null,
          blocks: results,
        }),
      );
    } else {
      ctx.stdout(`${passed} passed, ${failed + errors} failed${errors ? ` (${errors} could not be checked)` : ''}`);
      if (times.length > 0) {
        ctx.stdout(
          `median ${median(times).toFixed(0)} ms per block (cpu ${median(cpuTimes).toFixed(0)} ms; ${times.length} built)`,
        );
      }
    }
    if (html) {
      writeFileSync(html, blockReport(results));
      ctx.log.info('report written', { html });
    }
    return errors > 0 ? 2 : failed > 0 ? 1 : 0;
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
