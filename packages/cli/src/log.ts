/**
 * The CLI's logger, with op-service's flags (`--log.level`, `--log.format`, `--log.color`) so a
 * Faultline host drops in where op-program's is scripted. Progress and verdict lines of every
 * command go through it, on stderr; results stay on stdout. Formats:
 *   text/terminal  INFO [12-06|18:52:53.123] message                                  key=value
 *   logfmt         t=2026-12-06T18:52:53.123Z lvl=info msg=message key=value
 *   json           {"t":"…","lvl":"info","msg":"message","key":"value"}
 */
import { UsageError } from './command.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'crit'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'terminal', 'logfmt', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, string | number | bigint | boolean | undefined>;

export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  enabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level?: string;
  format?: string;
  color?: boolean;
  now?: () => Date;
}

/** geth's four-letter level names in the terminal format. */
const TERMINAL_NAME: Record<LogLevel, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  crit: 'CRIT ',
};
const COLOR: Record<LogLevel, string> = {
  trace: '\x1b[34m',
  debug: '\x1b[36m',
  info: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
  crit: '\x1b[35m',
};
/** Messages are padded to this width in the terminal format, so the fields line up (geth). */
const MSG_WIDTH = 40;

function parseLevel(v: string): LogLevel {
  // op-service also accepts geth's short spellings.
  const aliases: Record<string, LogLevel> = { eror: 'error', warning: 'warn', dbug: 'debug', trce: 'trace' };
  const l = v.toLowerCase();
  const level = (LOG_LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : aliases[l];
  if (!level) throw new UsageError(`--log.level: unknown level "${v}" (expected one of: ${LOG_LEVELS.join(', ')})`);
  return level;
}

function parseFormat(v: string): LogFormat {
  const f = v.toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--log.format: unknown format "${v}" (expected one of: ${LOG_FORMATS.join(', ')})`);
  return f as LogFormat;
}

/** A logfmt value: bare when it has no space, quote or equals sign, else a JSON string. */
function logfmtValue(v: string): string {
  return v === '' || /[\s"=\\]/.test(v) ? JSON.stringify(v) : v;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function terminalTime(d: Date): string {
  const ms = String(d.getMilliseconds()).padStart(3, '0');
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}|${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${ms}`;
}

export function createLogger(write: (line: string) => void, options: LoggerOptions = {}): Logger {
  const min = LOG_LEVELS.indexOf(parseLevel(options.level ?? 'info'));
  const format = parseFormat(options.format ?? 'text');
  const color = options.color === true;
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [
      string,
      string | number | bigint | boolean,
    ][];
    const t = now();
    if (format === 'json') {
      const o: Record<string, unknown> = { t: t.toISOString(), lvl: level, msg };
      for (const [k, v] of entries) o[k] = typeof v === 'bigint' ? v.toString() : v;
      write(JSON.stringify(o));
    } else if (format === 'logfmt') {
      const kv = entries.map(([k, v]) => `${k}=${logfmtValue(String(v))}`);
      write([`t=${t.toISOString()}`, `lvl=${level}`, `msg=${logfmtValue(msg)}`, ...kv].join(' '));
    } else {
      const name = color ? `${COLOR[level]}${TERMINAL_NAME[level]}\x1b[0m` : TERMINAL_NAME[level];
      const kv = entries.map(([k, v]) => `${color ? `${COLOR[level]}${k}\x1b[0m` : k}=${logfmtValue(String(v))}`);
      const head = `${name}[${terminalTime(t)}] ${kv.length ? msg.padEnd(MSG_WIDTH) : msg}`;
      write(kv.length ? `${head} ${kv.join(' ')}` : head);
    }
  };
  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    enabled: (level) => LOG_LEVELS.indexOf(level) >= min,
  };
}
