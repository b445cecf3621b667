/**
 * A small, table-driven command-line framework: each command is data (name, summary, options,
 * examples, sub-commands) plus a `run`. Flags keep Optimism's spelling (`--l1.head`,
 * `--data.format`), which is why this is not commander: dotted names are first-class here.
 * Help is generated from the same table, so it cannot drift from what is parsed.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BaseError } from '@faultline/primitives';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type Logger } from './log.js';

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
  /** Other long names for the same flag (urfave/cli's `Aliases`, e.g. op-program's `l2.sequencenumber`). */
  aliases?: string[];
  /**
   * Environment variable(s) read when the flag is not given (op-program's `OP_PROGRAM_*`); of
   * several, the first one set wins, as with urfave/cli's `EnvVars`.
   */
  env?: string | string[];
}

/** Positional arguments a command accepts; a command without this takes none. */
export interface ArgsSpec {
  /** Placeholder for help, e.g. `<dir>...`. */
  value: string;
  min?: number;
  max?: number;
}

export interface CommandContext {
  flags: Record<string, FlagValue>;
  /** Positional arguments. */
  args: string[];
  /** Everything after a bare `--` (e.g. the host command for `cannon run`). */
  rest: string[];
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Progress and verdict lines (op-service's `--log.*` flags); on stderr. */
  log: Logger;
  /** Environment variables (process.env unless a test supplies its own). */
  env: Record<string, string | undefined>;
}

/** What a command writes with, and the environment it reads. */
export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env?: Record<string, string | undefined>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Paragraphs shown by `--help`, teaching what the command is for. */
  description?: string;
  usage?: string;
  args?: ArgsSpec;
  options?: OptionSpec[];
  /** Options this command and every command below it accept (the logging flags on the root). */
  inheritedOptions?: OptionSpec[];
  examples?: string[];
  subcommands?: CommandSpec[];
  /** Returns the process exit code. */
  run?: (ctx: CommandContext) => number | Promise<number>;
  /**
   * A table entry whose command lives in its own module, loaded only when the command line
   * reaches it (`name` and `summary` are shown by the parent's help without loading it).
   */
  load?: () => Promise<CommandSpec>;
}

/** op-service's logging flags (`oplog.CLIFlags`), accepted by every command. */
export function logOptions(envPrefix?: string): OptionSpec[] {
  const env = (name: string) => (envPrefix ? { env: `${envPrefix}_${name}` } : {});
  return [
    {
      name: 'log.level',
      value: '<level>',
      help: `lowest level logged: ${LOG_LEVELS.join(', ')}`,
      default: 'info',
      ...env('LOG_LEVEL'),
    },
    {
      name: 'log.format',
      value: '<format>',
      help: `log line format: ${LOG_FORMATS.join(', ')}`,
      default: 'text',
      ...env('LOG_FORMAT'),
    },
    { name: 'log.color', help: 'colour the level names (text format)', ...env('LOG_COLOR') },
  ];
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

/** The options the command at the end of `path` accepts: its own, then inherited ones. */
export function optionsOf(path: CommandSpec[]): OptionSpec[] {
  const cmd = path[path.length - 1]!;
  const out = [...(cmd.options ?? [])];
  for (const p of path) for (const o of p.inheritedOptions ?? []) if (!out.some((x) => x.name === o.name)) out.push(o);
  return out;
}

/** The environment variables of an option, in the order they are read. */
export function envNames(o: OptionSpec): string[] {
  return o.env === undefined ? [] : typeof o.env === 'string' ? [o.env] : o.env;
}

/** Booleans from the command line or the environment: `--x`, `--x=false`, `X=true`, `X=0`. */
function parseBool(text: string, what: string): boolean {
  const t = text.toLowerCase();
  if (t === '' || t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  throw new UsageError(`${what}: expected true or false, got "${text}"`);
}

/**
 * Walks sub-commands, then parses flags of the command reached. Flags not given are taken from
 * their environment variable, then their default. Lazy entries (`load`) must have been loaded
 * (`loadPath`) for the command reached.
 */
export function parseArgv(root: CommandSpec, argv: string[], env: Record<string, string | undefined> = {}): Parsed {
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
  const options = optionsOf(path);
  const where = path.map((p) => p.name).join(' ');
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
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const long = a.startsWith('--');
      let key = a.slice(long ? 2 : 1);
      let inline: string | undefined;
      const eq = key.indexOf('=');
      if (eq >= 0) {
        inline = key.slice(eq + 1);
        key = key.slice(0, eq);
      }
      const opt = options.find((o) => (long ? o.name === key || o.aliases?.includes(key) : o.short === key));
      if (!opt) {
        const hint = cmd.subcommands?.length ? ` (sub-commands: ${cmd.subcommands.map((c) => c.name).join(', ')})` : '';
        throw new UsageError(`unknown flag ${a} for "${where}"${hint}; see --help`);
      }
      let value: FlagValue;
      if (opt.value === undefined) {
        value = inline === undefined ? true : parseBool(inline, `--${opt.name}`);
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
        `unknown sub-command "${a}" for "${where}"; expected one of: ${cmd.subcommands.map((c) => c.name).join(', ')}`,
      );
    }
    args.push(a);
  }
  for (const o of options) {
    if (flags[o.name] !== undefined) continue;
    const name = envNames(o).find((n) => env[n] !== undefined && env[n] !== '');
    const fromEnv = name === undefined ? undefined : env[name];
    if (fromEnv !== undefined) {
      const v = o.value === undefined ? parseBool(fromEnv, `$${name}`) : fromEnv;
      flags[o.name] = o.repeatable ? String(v).split(',') : v;
    } else if (o.default !== undefined) flags[o.name] = o.default;
  }
  if (!help && cmd.run) {
    const max = cmd.args ? (cmd.args.max ?? Number.POSITIVE_INFINITY) : 0;
    const min = cmd.args?.min ?? 0;
    if (args.length > max) {
      const extra = args
        .slice(max)
        .map((x) => `"${x}"`)
        .join(' ');
      throw new UsageError(
        max === 0
          ? `"${where}" takes no positional arguments, got ${extra}; see --help`
          : `"${where}" takes at most ${max} argument(s) (${cmd.args!.value}), got also ${extra}`,
      );
    }
    if (args.length < min) throw new UsageError(`"${where}" needs ${cmd.args!.value}; see --help`);
  }
  return { path, flags, args, rest, help };
}

/** Replaces every lazy entry the command line walks through by its loaded command. */
export async function loadPath(root: CommandSpec, argv: readonly string[]): Promise<void> {
  let cur = root;
  for (const a of argv) {
    const subs = cur.subcommands;
    const i = subs?.findIndex((c) => c.name === a) ?? -1;
    if (!subs || i < 0) return;
    let sub = subs[i]!;
    if (sub.load) {
      const loaded = await sub.load();
      subs[i] = sub = loaded;
    }
    cur = sub;
  }
}

/**
 * Help text. `prog` is how the user starts the program (`npx faultline` on a fresh clone); in
 * each example the program name that starts a command (at the line's start or after `| `, behind
 * any `VAR=value` assignments) is printed as that. Inside quotes or after `--` it stays: there
 * the host and cannon resolve a leading `faultline` themselves.
 */
export function formatHelp(path: CommandSpec[], prog = path[0]!.name): string {
  const cmd = path[path.length - 1]!;
  const full = path.map((p) => p.name).join(' ');
  const lines: string[] = [];
  lines.push(`${full} — ${cmd.summary}`, '');
  const usage =
    cmd.usage ??
    [cmd.subcommands?.length && !cmd.run ? '<command>' : '', '[flags]', cmd.args?.value ?? '']
      .filter(Boolean)
      .join(' ');
  lines.push(`Usage: ${full} ${usage}`);
  if (cmd.description) lines.push('', ...cmd.description.trim().split('\n'));
  if (cmd.subcommands?.length) {
    lines.push('', 'Commands:');
    const w = Math.max(...cmd.subcommands.map((c) => c.name.length));
    for (const c of cmd.subcommands) lines.push(`  ${c.name.padEnd(w)}  ${c.summary}`);
    const shown = [prog, ...path.slice(1).map((p) => p.name)].join(' ');
    lines.push('', `Run "${shown} <command> --help" for the flags of each.`);
  }
  const own = cmd.options ?? [];
  const inherited = optionsOf(path).filter((o) => !own.includes(o));
  const all = [...own, ...inherited];
  const label = (o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : ''}${[o.name, ...(o.aliases ?? [])].map((n) => `--${n}`).join(', ')}${o.value ? ` ${o.value}` : ''}`;
  const w = Math.max(0, ...all.map((o) => label(o).length));
  const describe = (o: OptionSpec) => {
    // A default already written into the help text is not repeated.
    const def = o.default !== undefined && !o.help.includes('default') ? ` (default: ${o.default})` : '';
    const names = envNames(o);
    const env = names.length ? ` [${names.map((n) => `$${n}`).join(', ')}]` : '';
    // Nor is [repeatable] when the help already says what repeating does.
    const rep = o.repeatable && !/repeat/.test(o.help) ? ' [repeatable]' : '';
    return `  ${label(o).padEnd(w)}  ${o.help}${def}${rep}${env}`;
  };
  if (own.length) lines.push('', 'Flags:', ...own.map(describe));
  if (cmd.run && inherited.length) lines.push('', 'Logging flags:', ...inherited.map(describe));
  if (cmd.examples?.length) {
    lines.push('', 'Examples:');
    // The program starts a command: at the start of the line or after a pipe, behind any
    // `VAR=value` assignments (or a `…` standing for more of them).
    const lead = new RegExp(`(^|\\| )((?:(?:[A-Z_][A-Z0-9_]*=\\S+|…)\\s+)*)${path[0]!.name}(?= )`, 'g');
    for (const e of cmd.examples) lines.push(`  ${e.replace(lead, `$1$2${prog}`)}`);
  }
  return lines.join('\n');
}

/** `faultline --version` / `faultline version`. */
export interface VersionInfo {
  version: string;
}

/**
 * Parses, prints help or runs; returns the exit code (0 success / valid, 1 mismatch / invalid,
 * 2 could not run — bad flag, missing file, bad input). Errors become one line on stderr.
 * `help <command…>` and `<command…> --help` print the same text.
 */
export async function runCommand(
  root: CommandSpec,
  argv: string[],
  io: CommandIo,
  version?: VersionInfo,
  prog?: string,
): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: Parsed;
  let log: Logger;
  try {
    if (
      version &&
      (argv[0] === '--version' ||
        argv[0] === '-v' ||
        (argv[0] === 'version' && !root.subcommands?.some((c) => c.name === 'version')))
    ) {
      if (argv.length > 1) throw new UsageError(`"${root.name} version" takes no arguments`);
      io.stdout(`${root.name} ${version.version}`);
      return 0;
    }
    if (argv[0] === 'help' && !root.subcommands?.some((c) => c.name === 'help')) argv = [...argv.slice(1), '--help'];
    await loadPath(root, argv);
    parsed = parseArgv(root, argv, env);
    const f = parsed.flags;
    log = createLogger(io.stderr, {
      ...(typeof f['log.level'] === 'string' ? { level: f['log.level'] } : {}),
      ...(typeof f['log.format'] === 'string' ? { format: f['log.format'] } : {}),
      color: f['log.color'] === true,
    });
  } catch (e) {
    io.stderr(`error: ${errorLine(e)}`);
    return 2;
  }
  const cmd = parsed.path[parsed.path.length - 1]!;
  if (parsed.help || (!cmd.run && parsed.path.length === 1)) {
    io.stdout(formatHelp(parsed.path, prog));
    return 0;
  }
  if (!cmd.run) {
    // A group without its sub-command is a usage error (exit 2): the help goes to stderr with a
    // line saying what is missing, so a script sees why it failed and stdout stays empty.
    io.stderr(formatHelp(parsed.path, prog));
    const where = parsed.path.map((c) => c.name).join(' ');
    io.stderr(`error: "${where}" needs a sub-command: ${(cmd.subcommands ?? []).map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    return await cmd.run({
      flags: parsed.flags,
      args: parsed.args,
      rest: parsed.rest,
      stdout: io.stdout,
      stderr: io.stderr,
      log,
      env,
    });
  } catch (e) {
    // One line, without the JS class name: users read the message, FAULTLINE_DEBUG shows the rest.
    io.stderr(`error: ${errorLine(e)}`);
    if (env.FAULTLINE_DEBUG && e instanceof Error) io.stderr(e.stack ?? '');
    return 2;
  }
}

/** What Node's system error codes mean, in words (no `ENOENT:` in front of users). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
  EROFS: 'read-only file system',
  ENOTEMPTY: 'directory not empty',
};

/**
 * The first line of an error's message (`shortMessage` for our typed errors); a Node system
 * error is said in words with its path ("out/x.json: no such file or directory").
 */
export function errorLine(e: unknown): string {
  const sys = e as { code?: unknown; path?: unknown; syscall?: unknown };
  if (e instanceof Error && typeof sys.code === 'string' && SYSTEM_ERRORS[sys.code]) {
    const what = SYSTEM_ERRORS[sys.code]!;
    return typeof sys.path === 'string' ? `${sys.path}: ${what}` : `${String(sys.syscall ?? 'system call')}: ${what}`;
  }
  const text = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!;
}

/** `<path>: <what went wrong>` for a file that could not be read or parsed (the path once). */
export function fileError(path: string, e: unknown): string {
  const sys = e as { code?: unknown };
  const what = typeof sys.code === 'string' && SYSTEM_ERRORS[sys.code] ? SYSTEM_ERRORS[sys.code]! : errorLine(e);
  return `${path}: ${what}`;
}

/**
 * A status or verdict line on stderr in Cannon's and geth's plain form (`exited: step=…`,
 * `loaded …`, `warning: …`) under the default text format, where scripts match it as it always
 * was; under `--log.format json|logfmt` it goes through the logger at `level`, so stderr holds
 * only lines of that format (issue 20 item 5).
 */
export function status(ctx: CommandContext, level: 'info' | 'warn' | 'error', line: string): void {
  const format = ctx.flags['log.format'];
  if (format === 'json' || format === 'logfmt') ctx.log[level](line);
  else ctx.stderr(line);
}

/**
 * Makes the directory `path` will be written in, before any work, so a path that cannot be
 * written fails at once in one line naming `flag`. mkdir's EEXIST here means a component of the
 * path is a file.
 */
export function makeParentDir(flag: string, path: string): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `${flag} ${path}: a parent of it is not a directory`
        : `${flag} ${fileError(path, e)}`,
    );
  }
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
