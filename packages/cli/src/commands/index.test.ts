import { describe, expect, it } from 'vitest';
import { type CommandSpec, formatHelp, logOptions, parseArgv } from '../command.js';
import { commands } from './index.js';

/** Every command reachable from the table, loaded, with the path that leads to it. */
async function walk(path: CommandSpec[]): Promise<CommandSpec[][]> {
  const out = [path];
  const cmd = path[path.length - 1]!;
  for (let i = 0; i < (cmd.subcommands ?? []).length; i++) {
    let sub = cmd.subcommands![i]!;
    if (sub.load) cmd.subcommands![i] = sub = await sub.load();
    out.push(...(await walk([...path, sub])));
  }
  return out;
}

/**
 * Shell words of one command: quotes removed, up to a pipe, redirection, `;`/`&&` or comment; a
 * `…` (flags left out) is skipped.
 */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (m[3] !== undefined && /^(\||;|&&|#|\d?[<>])/.test(m[3])) break;
    if (m[3] !== '…') out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

describe('the sub-command table', () => {
  it('shows each loaded command’s own name and summary (help cannot drift from what runs)', async () => {
    for (const entry of commands) {
      expect(entry.load, entry.name).toBeTypeOf('function');
      const loaded = await entry.load!();
      expect(loaded.name).toBe(entry.name);
      expect(loaded.summary).toBe(entry.summary);
      expect(loaded.load).toBeUndefined();
    }
  });

  it('every help example starts with how faultline is started here and parses (issue 20 item 1)', async () => {
    const root: CommandSpec = {
      name: 'faultline',
      summary: '',
      subcommands: commands.map((c) => ({ ...c })),
      inheritedOptions: logOptions('FAULTLINE'),
    };
    let checked = 0;
    const wrong: string[] = [];
    for (const path of await walk([root])) {
      const help = formatHelp(path, 'npx faultline');
      const at = help.indexOf('\nExamples:\n');
      if (at < 0) continue;
      // Continuation lines (ending in a backslash) make one command.
      const examples = help
        .slice(at + '\nExamples:\n'.length)
        .replaceAll(/\\\n\s*/g, '')
        .split('\n');
      for (const line of examples) {
        const name = path.map((c) => c.name).join(' ');
        const start = line.search(/(?<=^ {2}|^ {2}.*\| |^ {2}(?:\S+=\S+ |… )+)npx faultline /);
        checked++;
        if (start < 0) {
          wrong.push(`${name}: not started as npx faultline: ${line}`);
          continue;
        }
        try {
          // An example may show another command (the host beside the client): it must parse.
          parseArgv(root, words(line.slice(start)).slice(2));
        } catch (e) {
          wrong.push(`${name}: ${line}: ${(e as Error).message}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
});
