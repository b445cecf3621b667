/**
 * The command line every bench script accepts: `--help` prints what the script measures and its
 * flags, then exits 0; an unknown flag or a flag missing its value is one line on stderr and
 * exit 2 (a typo must not start a ten-minute run with the defaults). Scripts keep reading their
 * own flags; this only checks them first.
 */
export interface BenchFlag {
  name: string;
  /** Placeholder for a value (`<N>`); absent for a switch. */
  value?: string;
  help: string;
}

export interface BenchSpec {
  /** How to run it, e.g. `npm run bench:mips -- [flags]`. */
  usage: string;
  /** What it measures, one paragraph. */
  about: string;
  flags: BenchFlag[];
  /** Positional arguments it takes, e.g. `[n]`; none when absent. */
  args?: string;
  /** Environment variables it reads. */
  env?: Record<string, string>;
}

export function helpText(spec: BenchSpec): string {
  const lines = [`Usage: ${spec.usage}${spec.args ? ` ${spec.args}` : ''}`, '', spec.about.trim()];
  const label = (f: BenchFlag) => `--${f.name}${f.value ? ` ${f.value}` : ''}`;
  const w = Math.max(6, ...spec.flags.map((f) => label(f).length));
  lines.push('', 'Flags:');
  for (const f of spec.flags) lines.push(`  ${label(f).padEnd(w)}  ${f.help}`);
  lines.push(`  ${'--help'.padEnd(w)}  print this and exit`);
  if (spec.env) {
    lines.push('', 'Environment:');
    for (const [k, v] of Object.entries(spec.env)) lines.push(`  ${k}  ${v}`);
  }
  return lines.join('\n');
}

/** Checks `argv` against the spec: returns the problem in one line, or undefined. */
export function checkBenchArgs(spec: BenchSpec, argv: readonly string[]): string | undefined {
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional++;
      if (!spec.args) return `unexpected argument "${a}"`;
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const flag = spec.flags.find((f) => f.name === name);
    if (!flag) return `unknown flag ${a}`;
    if (flag.value && inline === undefined && (argv[++i] === undefined || argv[i]!.startsWith('--')))
      return `${a} needs a value ${flag.value}`;
  }
  return positional > 1 && spec.args && !spec.args.includes('...') ? 'too many arguments' : undefined;
}

/** Handles `--help` and bad flags for a bench script run as a process. */
export function benchArgs(spec: BenchSpec, argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText(spec));
    process.exit(0);
  }
  const problem = checkBenchArgs(spec, argv);
  if (problem !== undefined) {
    console.error(`error: ${problem}; see --help`);
    process.exit(2);
  }
}
