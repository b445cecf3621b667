/**
 * The `faultline` command: the root table of sub-commands. Each sub-command lives in
 * `commands/<name>.ts` and only wires packages together; the work is in the packages.
 */
import { readFileSync } from 'node:fs';
import { type CommandSpec, logOptions, runCommand } from './command.js';
import { commands } from './commands/index.js';
import { selfCommand } from './self.js';

export const root: CommandSpec = {
  name: 'faultline',
  summary: 'an Optimism-style fault-proof system: EVM, OP block execution, pre-image host, MIPS VM, client',
  description: `
A fault proof shows that a claimed L2 output root is right or wrong by re-running the L2
state transition deterministically, with every input fetched by hash from a pre-image oracle.

Exit codes, for every command: 0 success (a claim valid, a proof or block that checks),
1 a mismatch (a claim invalid, a proof or block that does not check), 2 could not run
(a bad flag, a missing or malformed file, a failure along the way).`,
  subcommands: commands,
  inheritedOptions: logOptions('FAULTLINE'),
  examples: [
    'faultline demo',
    'faultline help cannon run',
    'faultline evm run --code 0x6001600101 --trace',
    'faultline evm statetest ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline block verify-fixture ../shared/fixtures/kona-exec-*',
    'faultline cannon load-elf --path prog.elf --out state.json',
  ],
};

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const code = await runCommand(
  root,
  process.argv.slice(2),
  {
    stdout: (l) => process.stdout.write(`${l}\n`),
    stderr: (l) => process.stderr.write(`${l}\n`),
  },
  { version },
  selfCommand(),
);
process.exitCode = code;
