/**
 * The sub-command table, in the order help lists them. Each entry names its module and is loaded
 * only when the command line reaches it: `faultline --help` reads this table alone, and
 * `faultline cannon witness` loads the MIPS VM but not the EVM, derivation or the host (the bin's
 * start time is mostly module loading; issue 19). `index.test.ts` checks that every summary here
 * is the loaded command's own, so help cannot drift from what runs.
 */
import type { CommandSpec } from '../command.js';

export const commands: CommandSpec[] = [
  {
    name: 'evm',
    summary: 'run EVM bytecode, state tests and the t8n state-transition tool',
    load: async () => (await import('./evm.js')).evmCommand,
  },
  {
    name: 'block',
    summary: 'build and verify OP-stack blocks',
    load: async () => (await import('./block.js')).blockCommand,
  },
  {
    name: 'host',
    summary: 'serve pre-images to the fault-proof client (op-program compatible flags)',
    load: async () => (await import('./host.js')).hostCommand,
  },
  {
    name: 'client',
    summary: 'run the fault-proof program on fds 3-6 (exit 0 valid, 1 invalid, 2 failure)',
    load: async () => (await import('./client.js')).clientCommand,
  },
  {
    name: 'cannon',
    summary: 'the MIPS VM: load-elf, run, witness, verify-step, list, trace, diverge',
    load: async () => (await import('./cannon.js')).cannonCommand,
  },
  {
    name: 'challenger',
    summary: 'play CANNON dispute games honestly: bisect outputs and client.elf traces, step on chain, resolve',
    load: async () => (await import('./challenger.js')).challengerCommand,
  },
  {
    name: 'game',
    summary: 'look at dispute games: show (claim tree, text/JSON/SVG/HTML), list',
    load: async () => (await import('./game.js')).gameCommand,
  },
  {
    name: 'demo-dispute',
    summary: 'two dispute games on a devnet: DEFENDER_WINS, and CHALLENGER_WINS with an on-chain step',
    load: async () => (await import('./demo-dispute.js')).demoDisputeCommand,
  },
  {
    name: 'demo',
    summary: 'end-to-end demo on a generated chain',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'devnet',
    summary: 'a local OP Stack devnet: anvil + Optimism L1 contracts + Faultline as L2 node',
    load: async () => (await import('./devnet.js')).devnetCommand,
  },
];
