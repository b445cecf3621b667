/**
 * A small, table-driven command-line framework: each command is data (name, summary, options,
 * examples, sub-commands) plus a `run`. Flags keep Optimism's spelling (`--l1.head`,
 * `--data.format`), which is why this is not commander: dotted names are first-class here.
 * Help is generated from the same table, so it cannot drift from what is parsed.
 */
import { BaseError } from '@faultline/primitives';

export type FlagValue = string | boolean | string[];

export interface OptionSpec {
  /** Long name without dashes, e.g. `l1.head`. */
  name: string;
  /** Placeholder for the value (`<hash>`); absent means a boolean switch. */
  value?: string;
  help: string;
  default?: string;
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  short?: string;
}

export interface CommandContext {
  flags: Record<string, FlagValue>;
  /** Positional arguments. */
  args: string[];
  /** Everything after a bare `--` (e.g. the host command for `cannon run`). */
  rest: string[];
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Paragraphs shown by `--help`, teaching what the command is for. */
  description?: string;
  usage?: string;
  options?: OptionSpec[];
  examples?: string[];
  subcommands?: CommandSpec[];
  /** Returns the process exit code. */
  run?: (ctx: CommandContext) => number | Promise<number>;
}

export class UsageError extends BaseError {
  override name = 'UsageError' as const;
}

export interface Parsed {
  path: CommandSpec[];
  flags: Record<string, FlagValue>;
  args: string[];
  rest: string[];
  help: boolean;
}

/** Walks sub-commands, then parses flags of the command reached. */
export function parseArgv(root: CommandSpec, argv: string[]): Parsed {
  const path = [root];
  let i = 0;
  while (i < argv.length) {
    const cur = path[path.length - 1]!;
    const sub = cur.subcommands?.find((c) => c.name === argv[i]);
    if (!sub) break;
    path.push(sub);
    i++;
  }
  const cmd = path[path.length - 1]!;
  const flags: Record<string, FlagValue> = {};
  const args: string[] = [];
  let rest: string[] = [];
  let help = false;
  const options = cmd.options ?? [];
  for (const o of options) if (o.default !== undefined) flags[o.name] = o.default;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const long = a.startsWith('--');
      let key = a.slice(long ? 2 : 1);
      let inline: string | undefined;
      const eq = key.indexOf('=');
      if (eq >= 0) {
        inline = key.slice(eq + 1);
        key = key.slice(0, eq);
      }
      const opt = options.find((o) => (long ? o.name === key : o.short === key));
      if (!opt) {
        const hint = cmd.subcommands?.length ? ` (sub-commands: ${cmd.subcommands.map((c) => c.name).join(', ')})` : '';
        throw new UsageError(`unknown flag ${a} for "${path.map((p) => p.name).join(' ')}"${hint}; see --help`);
      }
      let value: FlagValue;
      if (opt.value === undefined) {
        value = inline === undefined ? true : inline !== 'false';
      } else {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`flag --${opt.name} needs a value ${opt.value}`);
        value = v;
      }
      if (opt.repeatable) {
        const prev = flags[opt.name];
        flags[opt.name] = [...(Array.isArray(prev) ? prev : []), String(value)];
      } else {
        flags[opt.name] = value;
      }
      continue;
    }
    if (!cmd.run && cmd.subcommands?.length) {
      throw new UsageError(
        `unknown sub-command "${a}"; expected one of: ${cmd.subcommands.map((c) => c.name).join(', ')}`,
      );
    }
    args.push(a);
  }
  return { path, flags, args, rest, help };
}

export function formatHelp(path: CommandSpec[]): string {
  const cmd = path[path.length - 1]!;
  const full = path.map((p) => p.name).join(' ');
  const lines: string[] = [];
  lines.push(`${full} — ${cmd.summary}`, '');
  lines.push(
    `Usage: ${cmd.usage ? `${full} ${cmd.usage}` : `${full}${cmd.subcommands?.length ? ' <command>' : ''} [flags]`}`,
  );
  if (cmd.description) lines.push('', ...cmd.description.trim().split('\n'));
  if (cmd.subcommands?.length) {
    lines.push('', 'Commands:');
    const w = Math.max(...cmd.subcommands.map((c) => c.name.length));
    for (const c of cmd.subcommands) lines.push(`  ${c.name.padEnd(w)}  ${c.summary}`);
    lines.push('', `Run "${full} <command> --help" for the flags of each.`);
  }
  const opts = cmd.options ?? [];
  if (opts.length) {
    lines.push('', 'Flags:');
    const label = (o: OptionSpec) => `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    const w = Math.max(...opts.map((o) => label(o).length));
    for (const o of opts) {
      const def = o.default !== undefined ? ` (default: ${o.default})` : '';
      lines.push(`  ${label(o).padEnd(w)}  ${o.help}${def}${o.repeatable ? ' [repeatable]' : ''}`);
    }
  }
  if (cmd.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of cmd.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}

/** Parses, prints help or runs; returns the exit code. Errors become one line on stderr. */
export async function runCommand(
  root: CommandSpec,
  argv: string[],
  io: Pick<CommandContext, 'stdout' | 'stderr'>,
): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgv(root, argv);
  } catch (e) {
    io.stderr(`error: ${errorLine(e)}`);
    return 2;
  }
  const cmd = parsed.path[parsed.path.length - 1]!;
  if (parsed.help || !cmd.run) {
    io.stdout(formatHelp(parsed.path));
    return parsed.help ? 0 : parsed.path.length === 1 ? 0 : 2;
  }
  try {
    return await cmd.run({ flags: parsed.flags, args: parsed.args, rest: parsed.rest, ...io });
  } catch (e) {
    // One line, without the JS class name: users read the message, FAULTLINE_DEBUG shows the rest.
    io.stderr(`error: ${errorLine(e)}`);
    if (process.env.FAULTLINE_DEBUG && e instanceof Error) io.stderr(e.stack ?? '');
    return 2;
  }
}

/** The first line of an error's message (`shortMessage` for our typed errors). */
export function errorLine(e: unknown): string {
  const text = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!;
}

/** Typed flag accessors with exact errors. */
export function flagString(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.flags[name];
  if (v === undefined || v === false) return undefined;
  if (typeof v !== 'string') throw new UsageError(`flag --${name} needs a value`);
  return v;
}
export function requireFlag(ctx: CommandContext, name: string): string {
  const v = flagString(ctx, name);
  if (v === undefined) throw new UsageError(`missing required flag --${name}`);
  return v;
}
export function flagBool(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true;
}
