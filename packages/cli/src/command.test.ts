import { describe, expect, it } from 'vitest';
import { type CommandSpec, formatHelp, parseArgv, runCommand, UsageError } from './command.js';

const host: CommandSpec = {
  name: 'host',
  summary: 'serve',
  options: [
    { name: 'l1.head', value: '<hash>', help: 'L1 head' },
    { name: 'server', help: 'serve on fds 3-6' },
    { name: 'data.format', value: '<fmt>', help: 'format', default: 'directory' },
    { name: 'patch', value: '<p>', help: 'patch', repeatable: true },
  ],
  run: () => 0,
};
const root: CommandSpec = { name: 'faultline', summary: 'root', subcommands: [host] };

describe('parseArgv', () => {
  it('walks into sub-commands and parses dotted flags, defaults and inline values', () => {
    const p = parseArgv(root, ['host', '--l1.head', '0xab', '--server', '--patch=go', '--patch', 'stack', 'x']);
    expect(p.path.map((c) => c.name)).toEqual(['faultline', 'host']);
    expect(p.flags).toEqual({ 'l1.head': '0xab', server: true, 'data.format': 'directory', patch: ['go', 'stack'] });
    expect(p.args).toEqual(['x']);
  });

  it('keeps everything after -- as the rest', () => {
    const p = parseArgv(root, ['host', '--server', '--', 'faultline', 'host', '--server']);
    expect(p.rest).toEqual(['faultline', 'host', '--server']);
    expect(p.flags.server).toBe(true);
  });

  it('rejects unknown flags and missing values with a usage error', () => {
    expect(() => parseArgv(root, ['host', '--nope'])).toThrow(UsageError);
    expect(() => parseArgv(root, ['host', '--l1.head'])).toThrow(/needs a value <hash>/);
    expect(() => parseArgv(root, ['bogus'])).toThrow(/unknown sub-command "bogus"/);
  });
});

describe('help and running', () => {
  it('lists sub-commands and flags with defaults', () => {
    expect(formatHelp([root])).toContain('  host  serve');
    const text = formatHelp([root, host]);
    expect(text).toContain('--data.format <fmt>');
    expect(text).toContain('(default: directory)');
  });

  it('turns a thrown error into one stderr line and exit code 2', async () => {
    const err: string[] = [];
    const failing: CommandSpec = {
      name: 'x',
      summary: 'x',
      run: () => {
        throw new UsageError('bad thing');
      },
    };
    const code = await runCommand(failing, [], { stdout: () => {}, stderr: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err).toEqual(['error: bad thing']);
  });
});
