/**
 * `npm run fuzz -- [--target NAME[,NAME…]] [--cases N | --seconds S] [--seed N] [--json]`
 * runs the campaign target by target (each in supervised worker threads), writes a reproducer
 * for every new failure signature and prints one line per target. `--replay` runs the committed
 * reproducers instead (`--record` stores their current outcome as the expected one, for the
 * regression test); `--list` names the targets. Exit status: 0 clean, 1 failures found, 2 usage.
 */
import { classify, outcomeLine } from './engine.js';
import { loadReproducers, recordExpectation, writeReproducer } from './reproducers.js';
import { superviseTarget, type TargetReport } from './supervisor.js';
import { TARGET_NAMES, targetByName } from './targets/index.js';

interface Args {
  targets: string[];
  cases: number;
  seconds: number;
  seed: number;
  hangMs: number;
  memoryMb: number;
  heapMb: number;
  json: boolean;
  replay: boolean;
  record: boolean;
  list: boolean;
  write: boolean;
}

const USAGE = `usage: npm run fuzz -- [--target NAME[,NAME...]] [--cases N | --seconds S] [--seed N]
                     [--hang-ms MS] [--memory-mb MB] [--heap-mb MB] [--json] [--no-write]
       npm run fuzz -- --replay [--record]      run the reproducers in fuzz/reproducers
       npm run fuzz -- --list                   name the targets
Defaults: every target, 10,000 cases each, seed 1, a case hangs after 10,000 ms, one case may
grow the heap by 256 MiB, a worker's heap is capped at 2,048 MiB.`;

function parseArgs(argv: string[]): Args {
  const a: Args = {
    targets: [],
    cases: Number.POSITIVE_INFINITY,
    seconds: Number.POSITIVE_INFINITY,
    seed: 1,
    hangMs: 10_000,
    memoryMb: 256,
    heapMb: 2048,
    json: false,
    replay: false,
    record: false,
    list: false,
    write: true,
  };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0)
      throw new Error(`${flag}: expected a number, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--target':
        a.targets.push(...(value() ?? '').split(',').filter((t) => t !== ''));
        break;
      case '--cases':
        a.cases = num(flag, value());
        break;
      case '--seconds':
        a.seconds = num(flag, value());
        break;
      case '--seed':
        a.seed = num(flag, value());
        break;
      case '--hang-ms':
        a.hangMs = num(flag, value());
        break;
      case '--memory-mb':
        a.memoryMb = num(flag, value());
        break;
      case '--heap-mb':
        a.heapMb = num(flag, value());
        break;
      case '--json':
        a.json = true;
        break;
      case '--replay':
        a.replay = true;
        break;
      case '--record':
        a.record = true;
        break;
      case '--list':
        a.list = true;
        break;
      case '--no-write':
        a.write = false;
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  if (a.cases === Number.POSITIVE_INFINITY && a.seconds === Number.POSITIVE_INFINITY) a.cases = 10_000;
  for (const t of a.targets) if (!TARGET_NAMES.includes(t)) throw new Error(`unknown target ${t} (see --list)`);
  return a;
}

async function replay(record: boolean): Promise<number> {
  let open = 0;
  for (const r of loadReproducers()) {
    const line = outcomeLine(await classify(targetByName(r.target), r.input));
    const failing = line.startsWith('FAILURE');
    const status = failing ? 'FAILS' : r.expect === undefined ? 'new' : r.expect === line ? 'ok' : 'CHANGED';
    if (failing || (r.expect !== undefined && r.expect !== line)) open++;
    console.log(`${status.padEnd(7)} ${r.target}/${r.id}  ${line}`);
    if (record && !failing && r.expect !== line) recordExpectation(r, line);
  }
  return open === 0 ? 0 : 1;
}

function summary(r: TargetReport): string {
  const rate = r.stats.cases / Math.max(r.seconds, 1e-3);
  const top = Object.entries(r.stats.byError)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${r.target.padEnd(18)} ${String(r.stats.cases).padStart(10)} cases ${r.seconds.toFixed(0).padStart(6)} s ${rate
    .toFixed(0)
    .padStart(7)}/s  accepted ${r.stats.accepted}  typed ${r.stats.typed} (${top})  failures ${r.failures.length}`;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.list) {
    for (const name of TARGET_NAMES) console.log(`${name.padEnd(18)} ${targetByName(name).about}`);
    return 0;
  }
  if (args.replay) return replay(args.record);
  let found = 0;
  for (const name of args.targets.length > 0 ? args.targets : TARGET_NAMES) {
    const report = await superviseTarget(name, {
      seed: args.seed,
      cases: args.cases,
      seconds: args.seconds,
      hangMs: args.hangMs,
      memoryBound: args.memoryMb * 2 ** 20,
      heapLimitMb: args.heapMb,
    });
    found += report.failures.length;
    if (args.json) {
      console.log(
        JSON.stringify({
          target: report.target,
          cases: report.stats.cases,
          seconds: Number(report.seconds.toFixed(1)),
          rate: Math.round(report.stats.cases / Math.max(report.seconds, 1e-3)),
          accepted: report.stats.accepted,
          typed: report.stats.typed,
          byError: report.stats.byError,
          failures: report.failures.map((f) => ({
            kind: f.kind,
            message: f.message,
            count: f.count,
            bytes: f.minimized.length,
          })),
          seed: args.seed,
        }),
      );
    } else console.log(summary(report));
    for (const f of report.failures) {
      const path = args.write ? writeReproducer(name, f.minimized, f.message, f.signature) : undefined;
      console.log(`  ${f.kind}: ${f.message} ×${f.count}, ${f.minimized.length} bytes${path ? ` → ${path}` : ''}`);
    }
  }
  return found === 0 ? 0 : 1;
}

process.exitCode = await main();
