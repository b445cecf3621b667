/**
 * Issue 20 item 5: `faultline host` takes every flag and environment variable op-program's host
 * takes (`op-program/host/flags/flags.go` with op-service's `oplog.CLIFlags`), so a script written
 * for op-program runs unchanged — and the flags of a mode Faultline does not run (interop games,
 * several chains) are refused in one line naming the flag, exit 2, before any other complaint.
 * The host command runs in-process here: every refusal comes before a pre-image is served.
 */
import { describe, expect, it } from 'vitest';
import { runCommand } from '../command.js';
import { hostCommand } from './host.js';

/** op-program's host flags: name, aliases and environment variables (flags.go, in its order). */
const OP_PROGRAM_FLAGS: { names: string[]; env: string[]; value: boolean }[] = [
  { names: ['log.level'], env: ['OP_PROGRAM_LOG_LEVEL'], value: true },
  { names: ['log.format'], env: ['OP_PROGRAM_LOG_FORMAT'], value: true },
  { names: ['log.color'], env: ['OP_PROGRAM_LOG_COLOR'], value: false },
  { names: ['l1.head'], env: ['OP_PROGRAM_L1_HEAD'], value: true },
  { names: ['l2.claim'], env: ['OP_PROGRAM_L2_CLAIM'], value: true },
  {
    names: ['l2.blocknumber', 'l2.sequencenumber'],
    env: ['OP_PROGRAM_L2_BLOCK_NUM', 'OP_PROGRAM_L2_SEQUENCE_NUMBER'],
    value: true,
  },
  { names: ['l2.head'], env: ['OP_PROGRAM_L2_HEAD'], value: true },
  { names: ['l2.outputroot'], env: ['OP_PROGRAM_L2_OUTPUT_ROOT'], value: true },
  { names: ['l2.agreed-prestate'], env: ['OP_PROGRAM_L2_AGREED_PRESTATE'], value: true },
  { names: ['l2.custom'], env: ['OP_PROGRAM_L2_CHAINID'], value: false },
  { names: ['rollup.config'], env: ['OP_PROGRAM_ROLLUP_CONFIG'], value: true },
  { names: ['network'], env: ['OP_PROGRAM_NETWORK'], value: true },
  { names: ['datadir'], env: ['OP_PROGRAM_DATADIR'], value: true },
  { names: ['data.format'], env: ['OP_PROGRAM_DATA_FORMAT'], value: true },
  { names: ['l2'], env: ['OP_PROGRAM_L2_RPC'], value: true },
  { names: ['l2.experimental'], env: ['OP_PROGRAM_L2_RPC_EXPERIMENTAL_RPC'], value: true },
  { names: ['l2.genesis'], env: ['OP_PROGRAM_L2_GENESIS'], value: true },
  { names: ['l1'], env: ['OP_PROGRAM_L1_RPC'], value: true },
  { names: ['l1.beacon'], env: ['OP_PROGRAM_L1_BEACON_API'], value: true },
  { names: ['l1.trustrpc'], env: ['OP_PROGRAM_L1_TRUST_RPC'], value: false },
  { names: ['l1.rpckind'], env: ['OP_PROGRAM_L1_RPC_KIND'], value: true },
  { names: ['depset.config'], env: ['OP_PROGRAM_DEPSET_CONFIG'], value: true },
  { names: ['exec'], env: ['OP_PROGRAM_EXEC'], value: true },
  { names: ['server'], env: ['OP_PROGRAM_SERVER'], value: false },
];

const H = `0x${'11'.repeat(32)}`;

async function host(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(hostCommand, argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('op-program host flags (issue 20 item 5)', () => {
  it('the help lists every op-program host flag with its aliases and environment variables', async () => {
    const { code, out } = await host(['--help']);
    expect(code).toBe(0);
    for (const f of OP_PROGRAM_FLAGS) {
      const label = f.names.map((n) => `--${n}`).join(', ');
      const line = out.split('\n').find((l) => l.startsWith(`  ${label} `));
      expect(line, label).toBeDefined();
      expect(line, label).toContain(`[${f.env.map((e) => `$${e}`).join(', ')}]`);
    }
  });

  it('no op-program flag is unknown', async () => {
    for (const f of OP_PROGRAM_FLAGS) {
      for (const name of f.names) {
        const argv = f.value ? [`--${name}`, 'x'] : [`--${name}`];
        const r = await host(argv);
        expect(r.code, name).toBe(2);
        expect(r.err, name).not.toMatch(/unknown flag/);
      }
    }
  });

  // An interop game as op-program's own scripts start it (no --l2.head/--l2.outputroot).
  const interop = ['--l1.head', H, '--l2.claim', H, '--l2.sequencenumber', '1700000000', '--network', 'op-sepolia'];

  it('refuses an interop game by its agreed prestate or dependency set, flag or variable, before anything else', async () => {
    const PRESTATE =
      'error: --l2.agreed-prestate ($OP_PROGRAM_L2_AGREED_PRESTATE): the agreed super-root prestate of an interop game; Faultline runs pre-interop (output-root) games only — give --l2.head and --l2.outputroot';
    const DEPSET =
      'error: --depset.config ($OP_PROGRAM_DEPSET_CONFIG): the dependency set of an interop game; Faultline runs pre-interop single-chain games only';
    expect(await host([...interop, '--l2.agreed-prestate', '0x01', '--depset.config', 'depset.json'])).toMatchObject({
      code: 2,
      err: PRESTATE,
    });
    expect(await host(interop, { OP_PROGRAM_L2_AGREED_PRESTATE: '0x01' })).toMatchObject({ code: 2, err: PRESTATE });
    expect(await host([...interop, '--depset.config', 'depset.json'])).toMatchObject({ code: 2, err: DEPSET });
    expect(await host(interop, { OP_PROGRAM_DEPSET_CONFIG: 'depset.json' })).toMatchObject({ code: 2, err: DEPSET });
  });

  it('refuses several chains (repeated or comma-separated lists) instead of running one of them', async () => {
    const base = ['--l1.head', H, '--l2.head', H, '--l2.outputroot', H, '--l2.claim', H, '--l2.blocknumber', '5'];
    const several = (flag: string, env: string, n: number) =>
      `error: --${flag} ($${env}): ${n} values name ${n} L2 chains (op-program's multi-chain form, for interop); Faultline runs one chain`;
    expect(await host([...base, '--network', 'op-sepolia', '--network', 'op-mainnet'])).toMatchObject({
      code: 2,
      err: several('network', 'OP_PROGRAM_NETWORK', 2),
    });
    expect(await host([...base, '--network', 'op-sepolia,op-mainnet,10'])).toMatchObject({
      code: 2,
      err: several('network', 'OP_PROGRAM_NETWORK', 3),
    });
    expect(await host(base, { OP_PROGRAM_ROLLUP_CONFIG: 'a.json,b.json' })).toMatchObject({
      code: 2,
      err: several('rollup.config', 'OP_PROGRAM_ROLLUP_CONFIG', 2),
    });
    expect(await host([...base, '--l2.genesis', 'a.json', '--l2.genesis', 'b.json'])).toMatchObject({
      code: 2,
      err: several('l2.genesis', 'OP_PROGRAM_L2_GENESIS', 2),
    });
    expect(await host([...base, '--l1', 'http://l1', '--l2', 'http://a,http://b'])).toMatchObject({
      code: 2,
      err: several('l2', 'OP_PROGRAM_L2_RPC', 2),
    });
    expect(await host(base, { OP_PROGRAM_L2_RPC_EXPERIMENTAL_RPC: 'http://a,http://b' })).toMatchObject({
      code: 2,
      err: several('l2.experimental', 'OP_PROGRAM_L2_RPC_EXPERIMENTAL_RPC', 2),
    });
  });

  it('refuses --l2.custom where op-program does (named network) and with kona numbering', async () => {
    const base = ['--l1.head', H, '--l2.head', H, '--l2.outputroot', H, '--l2.claim', H, '--l2.blocknumber', '5'];
    expect(await host([...base, '--network', 'op-sepolia', '--l2.custom'])).toMatchObject({
      code: 2,
      err: 'error: --l2.custom cannot be used with named networks (--network)',
    });
    expect(await host([...base, '--network', 'op-sepolia'], { OP_PROGRAM_L2_CHAINID: 'true' })).toMatchObject({
      code: 2,
      err: 'error: --l2.custom cannot be used with named networks (--network)',
    });
    expect(
      await host([...base, '--rollup.config', 'r.json', '--l2.genesis', 'g.json', '--program', 'kona', '--l2.custom']),
    ).toMatchObject({
      code: 2,
      err: "error: --l2.custom serves op-program's custom-chain indicator as the chain id; --program kona reads the chain's real id",
    });
  });

  it('reads the claim block from --l2.sequencenumber and $OP_PROGRAM_L2_SEQUENCE_NUMBER, $OP_PROGRAM_L2_BLOCK_NUM first', async () => {
    // A block number of 0 is refused by name, which shows which value reached the config.
    const base = ['--l1.head', H, '--l2.head', H, '--l2.outputroot', H, '--l2.claim', H, '--network', 'op-sepolia'];
    const zero = { code: 2, err: 'error: --l2.blocknumber must not be 0' };
    expect(await host([...base, '--l2.sequencenumber', '0'])).toMatchObject(zero);
    expect(await host([...base, '--l2.sequencenumber=0'])).toMatchObject(zero);
    expect(await host(base, { OP_PROGRAM_L2_SEQUENCE_NUMBER: '0' })).toMatchObject(zero);
    expect(await host(base, { OP_PROGRAM_L2_BLOCK_NUM: '0', OP_PROGRAM_L2_SEQUENCE_NUMBER: '5' })).toMatchObject(zero);
    // The command line wins over either variable; without a datadir the next complaint is that.
    const next = { code: 2, err: 'error: --datadir must be specified when in non-fetching mode (no --l1/--l2)' };
    expect(await host([...base, '--l2.sequencenumber', '5'], { OP_PROGRAM_L2_BLOCK_NUM: '0' })).toMatchObject(next);
    expect(await host(base, { OP_PROGRAM_L2_BLOCK_NUM: '5', OP_PROGRAM_L2_SEQUENCE_NUMBER: '0' })).toMatchObject(next);
  });
});
