/** The sub-command table, in the order help lists them. */
import type { CommandSpec } from '../command.js';
import { blockCommand } from './block.js';
import { cannonCommand } from './cannon.js';
import { clientCommand } from './client.js';
import { evmCommand } from './evm.js';
import { hostCommand } from './host.js';
import { planned } from './planned.js';

export const commands: CommandSpec[] = [
  evmCommand,
  blockCommand,
  hostCommand,
  clientCommand,
  cannonCommand,
  planned('demo', 'end-to-end demo on a generated chain', 'Generates a chain and proves a valid and a tampered claim.'),
];
