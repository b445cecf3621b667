/** The sub-command table, in the order help lists them. */
import type { CommandSpec } from '../command.js';
import { blockCommand } from './block.js';
import { cannonCommand } from './cannon.js';
import { clientCommand } from './client.js';
import { demoCommand } from './demo.js';
import { evmCommand } from './evm.js';
import { hostCommand } from './host.js';

export const commands: CommandSpec[] = [
  evmCommand,
  blockCommand,
  hostCommand,
  clientCommand,
  cannonCommand,
  demoCommand,
];
