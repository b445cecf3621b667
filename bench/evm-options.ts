/**
 * bench:evm's flags (see the header of bench/evm.ts), parsed apart from the script so they can be
 * tested without running it. `benchArgs` has already refused unknown flags and missing values;
 * this turns the known ones into options and checks their values.
 */
import { parseCompileThreshold } from '@faultline/evm';
import type { BenchFlag } from './args.js';

export interface EvmBenchOptions {
  json: boolean;
  filter: RegExp | undefined;
  repeat: number;
  compileThreshold: number | undefined;
  quick: boolean;
  /** Run @ethereumjs/evm in the same process (off with --no-ethereumjs or --no-peer). */
  ethereumjs: boolean;
  /** Run anvil's eth_call (off with --no-anvil or --no-peer). */
  anvil: boolean;
  /** Time Faultline's TypeScript through tsx instead of the bundle users run (for readable profiles). */
  unbundled: boolean;
}

export const EVM_BENCH_FLAGS: BenchFlag[] = [
  { name: 'json', help: 'one JSON document instead of the table' },
  { name: 'quick', help: 'skip the slowest workloads (snailtracers, burntpix)' },
  { name: 'no-peer', help: 'Faultline only: neither ethereumjs nor anvil' },
  { name: 'no-ethereumjs', help: 'skip the @ethereumjs/evm peer' },
  { name: 'no-anvil', help: 'skip the anvil (revm) peer' },
  { name: 'filter', value: '<regex>', help: 'only workloads whose name matches' },
  { name: 'repeat', value: '<N>', help: 'best of N samples per side (default 3)' },
  { name: 'compile-threshold', value: '<N|never>', help: 'runs of a block before it is compiled' },
  { name: 'unbundled', help: "time Faultline's sources through tsx, not the bundle the bin runs (profiles)" },
];

export function parseEvmBenchArgs(args: readonly string[]): EvmBenchOptions {
  // benchArgs accepts `--repeat=5` as well as `--repeat 5`.
  const argv = args.flatMap((a) =>
    a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a],
  );
  const o: EvmBenchOptions = {
    json: false,
    filter: undefined,
    repeat: 3,
    quick: false,
    ethereumjs: true,
    anvil: true,
    compileThreshold: undefined,
    unbundled: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: missing value`);
      return v;
    };
    if (a === '--json') o.json = true;
    else if (a === '--quick') o.quick = true;
    else if (a === '--no-peer') o.ethereumjs = o.anvil = false;
    else if (a === '--no-ethereumjs') o.ethereumjs = false;
    else if (a === '--no-anvil') o.anvil = false;
    else if (a === '--unbundled') o.unbundled = true;
    else if (a === '--filter') {
      const v = value();
      try {
        o.filter = new RegExp(v);
      } catch {
        throw new Error(`--filter: not a regular expression: ${v}`);
      }
    } else if (a === '--repeat') {
      o.repeat = Number(value());
      if (!Number.isInteger(o.repeat) || o.repeat < 1) throw new Error(`--repeat: expected a positive integer`);
    } else if (a === '--compile-threshold') {
      const v = value();
      o.compileThreshold = parseCompileThreshold(v);
      if (o.compileThreshold === undefined)
        throw new Error(`--compile-threshold: expected a non-negative integer or "never", got ${v}`);
    } else throw new Error(`unknown option ${a} (see the header of bench/evm.ts)`);
  }
  return o;
}
