/**
 * The `faultline` command: the root table of sub-commands. Each sub-command lives in
 * `commands/<name>.ts` and only wires packages together; the work is in the packages.
 */
import { type CommandSpec, runCommand } from './command.js';
import { commands } from './commands/index.js';

export const root: CommandSpec = {
  name: 'faultline',
  summary: 'an Optimism-style fault-proof system: EVM, OP block execution, pre-image host, MIPS VM, client',
  description: `
A fault proof shows that a claimed L2 output root is right or wrong by re-running the L2
state transition deterministically, with every input fetched by hash from a pre-image oracle.

  evm     run EVM bytecode and the Ethereum state tests
  block   build OP-stack blocks statelessly and check them against the chain
  host    serve pre-images to the fault-proof client (op-program compatible flags)
  client  the fault-proof program itself: boot info → derive → execute → exit 0/1/2
  cannon  the Cannon-style MIPS VM: load an ELF, run, prove and verify single steps
  demo    generate a small chain and prove a valid and a tampered claim end to end`,
  subcommands: commands,
  examples: [
    'faultline demo',
    'faultline evm run --code 0x6001600101 --trace',
    'faultline evm statetest ../shared/fixtures/ethereum-tests/execution-spec-tests/state_tests',
    'faultline block verify-fixture ../shared/fixtures/kona-exec-*',
    'faultline cannon load-elf --path prog.elf --out state.json',
  ],
};

const code = await runCommand(root, process.argv.slice(2), {
  stdout: (l) => process.stdout.write(`${l}\n`),
  stderr: (l) => process.stderr.write(`${l}\n`),
});
process.exitCode = code;
