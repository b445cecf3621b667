import { describe, expect, it } from 'vitest';
import { type CommandSpec, formatHelp, logOptions, parseArgv, runCommand, UsageError } from './command.js';

const host: CommandSpec = {
  name: 'host',
  summary: 'serve',
  args: { value: '<x>' },
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
  it('a group without its sub-command: help and a line naming the sub-commands on stderr, exit 2', async () => {
    const group: CommandSpec = { name: 'faultline', summary: 'root', subcommands: [{ ...root, name: 'grp' }] };
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand(group, ['grp'], { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.at(-1)).toBe('error: "faultline grp" needs a sub-command: host');
    expect(err.join('\n')).toMatch(/^Usage: faultline grp <command>/m);
    const help: string[] = [];
    expect(await runCommand(group, ['grp', '--help'], { stdout: (l) => help.push(l), stderr: () => {} })).toBe(0);
    expect(help.join('\n')).toMatch(/^Usage: faultline grp <command>/m);
  });

  it('lists sub-commands and flags with defaults', () => {
    expect(formatHelp([root])).toContain('  host  serve');
    const text = formatHelp([root, host]);
    expect(text).toContain('--data.format <fmt>');
    expect(text).toContain('(default: directory)');
  });

  it('prints each example as it is started here: at the start, after a pipe and behind VAR=value, not inside quotes', () => {
    const withExamples: CommandSpec = {
      ...host,
      examples: [
        'faultline host --exec "faultline client"',
        'ls proofs/*.json | faultline host --server',
        'OP_PROGRAM_L1_HEAD=0x… … faultline host --json',
        'cannon run -- faultline host --server',
      ],
    };
    const text = formatHelp([root, withExamples], 'npx faultline');
    expect(text.slice(text.indexOf('Examples:')).split('\n').slice(1)).toEqual([
      '  npx faultline host --exec "faultline client"',
      '  ls proofs/*.json | npx faultline host --server',
      '  OP_PROGRAM_L1_HEAD=0x… … npx faultline host --json',
      '  cannon run -- faultline host --server',
    ]);
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

describe('conventions (issue 20 item 4)', () => {
  const run = async (spec: CommandSpec, argv: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand(
      spec,
      argv,
      { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env },
      {
        version: '9.8.7',
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  let seen: Record<string, unknown> = {};
  const cmd: CommandSpec = {
    name: 'cmd',
    summary: 'a command',
    args: { value: '<file>', max: 1 },
    options: [
      { name: 'l1.head', value: '<hash>', help: 'head', env: 'OP_PROGRAM_L1_HEAD' },
      { name: 'server', help: 'serve', env: 'OP_PROGRAM_SERVER' },
    ],
    run: (ctx) => {
      seen = { ...ctx.flags, args: ctx.args };
      ctx.log.info('did it', { n: 1 });
      return 0;
    },
  };
  const lazyRoot: CommandSpec = {
    name: 'tool',
    summary: 'root',
    inheritedOptions: logOptions('TOOL'),
    subcommands: [{ name: 'cmd', summary: 'a command', load: async () => cmd }],
  };

  it('answers --version and version, and help <cmd> like <cmd> --help', async () => {
    expect(await run(lazyRoot, ['--version'])).toMatchObject({ code: 0, out: 'tool 9.8.7' });
    expect(await run(lazyRoot, ['version'])).toMatchObject({ code: 0, out: 'tool 9.8.7' });
    const help = await run(lazyRoot, ['help', 'cmd']);
    expect(help.code).toBe(0);
    expect(help.out).toBe((await run(lazyRoot, ['cmd', '--help'])).out);
    expect(help.out).toContain('Usage: tool cmd [flags] <file>');
    expect(help.out).toContain('[$OP_PROGRAM_L1_HEAD]');
    expect(help.out).toContain('--log.format <format>');
    expect(await run(lazyRoot, ['help', 'nope'])).toMatchObject({ code: 2 });
  });

  it('takes flags from their environment variables, the command line winning', async () => {
    await run(lazyRoot, ['cmd'], { OP_PROGRAM_L1_HEAD: '0x11', OP_PROGRAM_SERVER: 'true' });
    expect(seen).toMatchObject({ 'l1.head': '0x11', server: true });
    await run(lazyRoot, ['cmd', '--l1.head', '0x22', '--server=false'], { OP_PROGRAM_L1_HEAD: '0x11' });
    expect(seen).toMatchObject({ 'l1.head': '0x22', server: false });
    expect(await run(lazyRoot, ['cmd'], { OP_PROGRAM_SERVER: 'maybe' })).toMatchObject({
      code: 2,
      err: 'error: $OP_PROGRAM_SERVER: expected true or false, got "maybe"',
    });
  });

  it('takes a flag by its aliases, and from the first of its environment variables that is set', async () => {
    const aliased: CommandSpec = {
      name: 'aliased',
      summary: 'x',
      options: [
        { name: 'num', aliases: ['seq'], value: '<n>', help: 'n', env: ['TOOL_NUM', 'TOOL_SEQ'] },
        { name: 'list', value: '<x>', help: 'a list', repeatable: true },
        { name: 'one', value: '<x>', help: 'one: repeated it is refused', repeatable: true },
      ],
      run: (ctx) => {
        seen = { ...ctx.flags };
        return 0;
      },
    };
    await run(aliased, ['--seq', '3']);
    expect(seen).toEqual({ num: '3' });
    await run(aliased, ['--seq=4'], { TOOL_NUM: '1' });
    expect(seen).toEqual({ num: '4' });
    await run(aliased, [], { TOOL_SEQ: '2' });
    expect(seen).toEqual({ num: '2' });
    await run(aliased, [], { TOOL_NUM: '1', TOOL_SEQ: '2' });
    expect(seen).toEqual({ num: '1' });
    await run(aliased, [], { TOOL_NUM: '', TOOL_SEQ: '2' });
    expect(seen).toEqual({ num: '2' });
    const help = await run(aliased, ['--help']);
    expect(help.out).toContain('  --num, --seq <n>  n [$TOOL_NUM, $TOOL_SEQ]');
    // [repeatable] is said unless the help already says what repeating does.
    expect(help.out).toContain('  --list <x>        a list [repeatable]\n');
    expect(help.out.split('\n')).toContain('  --one <x>         one: repeated it is refused');
  });

  it('rejects stray positional arguments with exit 2', async () => {
    expect(await run(lazyRoot, ['cmd', 'a.json'])).toMatchObject({ code: 0 });
    const r = await run(lazyRoot, ['cmd', 'a.json', 'b.json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: "tool cmd" takes at most 1 argument(s) (<file>), got also "b.json"');
    const none: CommandSpec = { name: 'none', summary: 'x', run: () => 0 };
    expect((await run(none, ['stray'])).err).toBe(
      'error: "none" takes no positional arguments, got "stray"; see --help',
    );
  });

  it('logs through op-service’s formats and levels', async () => {
    const json = await run(lazyRoot, ['cmd', '--log.format', 'json']);
    expect(JSON.parse(json.err)).toMatchObject({ lvl: 'info', msg: 'did it', n: 1 });
    const logfmt = await run(lazyRoot, ['cmd', '--log.format=logfmt']);
    expect(logfmt.err).toMatch(/^t=\S+ lvl=info msg="did it" n=1$/);
    const text = await run(lazyRoot, ['cmd'], { TOOL_LOG_LEVEL: 'warn' });
    expect(text.err).toBe('');
    const terminal = await run(lazyRoot, ['cmd', '--log.level', 'debug']);
    expect(terminal.err).toMatch(/^INFO \[\d\d-\d\d\|\d\d:\d\d:\d\d\.\d{3}\] did it {34} n=1$/);
    expect((await run(lazyRoot, ['cmd', '--log.format', 'xml'])).err).toBe(
      'error: --log.format: unknown format "xml" (expected one of: text, terminal, logfmt, json)',
    );
  });
});
