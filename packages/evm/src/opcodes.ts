/**
 * The opcode traits table: one `as const` row per instruction with its mnemonic, immediate size,
 * stack inputs/outputs, constant gas (as introduced) and the fork that introduced it (Yellow Paper
 * appendix H, plus the EIP that added each later opcode). The per-fork jump table
 * (`jump-table.ts`) is derived from this data plus a short list of repricings; the interpreter
 * only adds dynamic gas. Keeping the facts in data means one generic stack check serves all
 * opcodes (evmone's `instruction_traits`, revm's `OpCodeInfo`).
 */
import type { Fork } from './fork.js';

export interface OpcodeTraits {
  readonly name: string;
  readonly immediates: number;
  readonly stackIn: number;
  readonly stackOut: number;
  readonly gas: number;
  readonly since: Fork;
}

type Row = readonly [
  code: number,
  name: string,
  immediates: number,
  stackIn: number,
  stackOut: number,
  gas: number,
  since: Fork,
];

// Gas tiers (Yellow Paper G_zero … G_high).
const ZERO = 0;
const BASE = 2;
const VERYLOW = 3;
const LOW = 5;
const MID = 8;
const HIGH = 10;

const ROWS: readonly Row[] = [
  [0x00, 'STOP', 0, 0, 0, ZERO, 'Frontier'],
  [0x01, 'ADD', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x02, 'MUL', 0, 2, 1, LOW, 'Frontier'],
  [0x03, 'SUB', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x04, 'DIV', 0, 2, 1, LOW, 'Frontier'],
  [0x05, 'SDIV', 0, 2, 1, LOW, 'Frontier'],
  [0x06, 'MOD', 0, 2, 1, LOW, 'Frontier'],
  [0x07, 'SMOD', 0, 2, 1, LOW, 'Frontier'],
  [0x08, 'ADDMOD', 0, 3, 1, MID, 'Frontier'],
  [0x09, 'MULMOD', 0, 3, 1, MID, 'Frontier'],
  [0x0a, 'EXP', 0, 2, 1, HIGH, 'Frontier'],
  [0x0b, 'SIGNEXTEND', 0, 2, 1, LOW, 'Frontier'],
  [0x10, 'LT', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x11, 'GT', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x12, 'SLT', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x13, 'SGT', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x14, 'EQ', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x15, 'ISZERO', 0, 1, 1, VERYLOW, 'Frontier'],
  [0x16, 'AND', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x17, 'OR', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x18, 'XOR', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x19, 'NOT', 0, 1, 1, VERYLOW, 'Frontier'],
  [0x1a, 'BYTE', 0, 2, 1, VERYLOW, 'Frontier'],
  [0x1b, 'SHL', 0, 2, 1, VERYLOW, 'Constantinople'], // EIP-145
  [0x1c, 'SHR', 0, 2, 1, VERYLOW, 'Constantinople'],
  [0x1d, 'SAR', 0, 2, 1, VERYLOW, 'Constantinople'],
  [0x1e, 'CLZ', 0, 1, 1, LOW, 'Osaka'], // EIP-7939
  [0x20, 'KECCAK256', 0, 2, 1, 30, 'Frontier'],
  [0x30, 'ADDRESS', 0, 0, 1, BASE, 'Frontier'],
  [0x31, 'BALANCE', 0, 1, 1, 20, 'Frontier'],
  [0x32, 'ORIGIN', 0, 0, 1, BASE, 'Frontier'],
  [0x33, 'CALLER', 0, 0, 1, BASE, 'Frontier'],
  [0x34, 'CALLVALUE', 0, 0, 1, BASE, 'Frontier'],
  [0x35, 'CALLDATALOAD', 0, 1, 1, VERYLOW, 'Frontier'],
  [0x36, 'CALLDATASIZE', 0, 0, 1, BASE, 'Frontier'],
  [0x37, 'CALLDATACOPY', 0, 3, 0, VERYLOW, 'Frontier'],
  [0x38, 'CODESIZE', 0, 0, 1, BASE, 'Frontier'],
  [0x39, 'CODECOPY', 0, 3, 0, VERYLOW, 'Frontier'],
  [0x3a, 'GASPRICE', 0, 0, 1, BASE, 'Frontier'],
  [0x3b, 'EXTCODESIZE', 0, 1, 1, 20, 'Frontier'],
  [0x3c, 'EXTCODECOPY', 0, 4, 0, 20, 'Frontier'],
  [0x3d, 'RETURNDATASIZE', 0, 0, 1, BASE, 'Byzantium'], // EIP-211
  [0x3e, 'RETURNDATACOPY', 0, 3, 0, VERYLOW, 'Byzantium'],
  [0x3f, 'EXTCODEHASH', 0, 1, 1, 400, 'Constantinople'], // EIP-1052
  [0x40, 'BLOCKHASH', 0, 1, 1, 20, 'Frontier'],
  [0x41, 'COINBASE', 0, 0, 1, BASE, 'Frontier'],
  [0x42, 'TIMESTAMP', 0, 0, 1, BASE, 'Frontier'],
  [0x43, 'NUMBER', 0, 0, 1, BASE, 'Frontier'],
  [0x44, 'PREVRANDAO', 0, 0, 1, BASE, 'Frontier'], // DIFFICULTY before EIP-4399
  [0x45, 'GASLIMIT', 0, 0, 1, BASE, 'Frontier'],
  [0x46, 'CHAINID', 0, 0, 1, BASE, 'Istanbul'], // EIP-1344
  [0x47, 'SELFBALANCE', 0, 0, 1, LOW, 'Istanbul'], // EIP-1884
  [0x48, 'BASEFEE', 0, 0, 1, BASE, 'London'], // EIP-3198
  [0x49, 'BLOBHASH', 0, 1, 1, VERYLOW, 'Cancun'], // EIP-4844
  [0x4a, 'BLOBBASEFEE', 0, 0, 1, BASE, 'Cancun'], // EIP-7516
  [0x50, 'POP', 0, 1, 0, BASE, 'Frontier'],
  [0x51, 'MLOAD', 0, 1, 1, VERYLOW, 'Frontier'],
  [0x52, 'MSTORE', 0, 2, 0, VERYLOW, 'Frontier'],
  [0x53, 'MSTORE8', 0, 2, 0, VERYLOW, 'Frontier'],
  [0x54, 'SLOAD', 0, 1, 1, 50, 'Frontier'],
  [0x55, 'SSTORE', 0, 2, 0, 0, 'Frontier'],
  [0x56, 'JUMP', 0, 1, 0, MID, 'Frontier'],
  [0x57, 'JUMPI', 0, 2, 0, HIGH, 'Frontier'],
  [0x58, 'PC', 0, 0, 1, BASE, 'Frontier'],
  [0x59, 'MSIZE', 0, 0, 1, BASE, 'Frontier'],
  [0x5a, 'GAS', 0, 0, 1, BASE, 'Frontier'],
  [0x5b, 'JUMPDEST', 0, 0, 0, 1, 'Frontier'],
  [0x5c, 'TLOAD', 0, 1, 1, 100, 'Cancun'], // EIP-1153
  [0x5d, 'TSTORE', 0, 2, 0, 100, 'Cancun'],
  [0x5e, 'MCOPY', 0, 3, 0, VERYLOW, 'Cancun'], // EIP-5656
  [0x5f, 'PUSH0', 0, 0, 1, BASE, 'Shanghai'], // EIP-3855
  [0xf0, 'CREATE', 0, 3, 1, 32000, 'Frontier'],
  [0xf1, 'CALL', 0, 7, 1, 40, 'Frontier'],
  [0xf2, 'CALLCODE', 0, 7, 1, 40, 'Frontier'],
  [0xf3, 'RETURN', 0, 2, 0, ZERO, 'Frontier'],
  [0xf4, 'DELEGATECALL', 0, 6, 1, 40, 'Homestead'], // EIP-7
  [0xf5, 'CREATE2', 0, 4, 1, 32000, 'Constantinople'], // EIP-1014
  [0xfa, 'STATICCALL', 0, 6, 1, 40, 'Byzantium'], // EIP-214
  [0xfd, 'REVERT', 0, 2, 0, ZERO, 'Byzantium'], // EIP-140
  [0xfe, 'INVALID', 0, 0, 0, ZERO, 'Frontier'],
  [0xff, 'SELFDESTRUCT', 0, 1, 0, ZERO, 'Frontier'],
];

function generated(): Row[] {
  const rows: Row[] = [];
  for (let n = 1; n <= 32; n++) rows.push([0x5f + n, `PUSH${n}`, n, 0, 1, VERYLOW, 'Frontier']);
  for (let n = 1; n <= 16; n++) rows.push([0x7f + n, `DUP${n}`, 0, n, n + 1, VERYLOW, 'Frontier']);
  for (let n = 1; n <= 16; n++) rows.push([0x8f + n, `SWAP${n}`, 0, n + 1, n + 1, VERYLOW, 'Frontier']);
  // LOGn: 375 base + 375 per topic (+ 8 per data byte, dynamic).
  for (let n = 0; n <= 4; n++) rows.push([0xa0 + n, `LOG${n}`, 0, n + 2, 0, 375 * (n + 1), 'Frontier']);
  return rows;
}

/** Traits by opcode byte; `undefined` for bytes that were never assigned. */
export const OPCODES: readonly (OpcodeTraits | undefined)[] = (() => {
  const table: (OpcodeTraits | undefined)[] = new Array(256).fill(undefined);
  for (const [code, name, immediates, stackIn, stackOut, gas, since] of [...ROWS, ...generated()]) {
    table[code] = { name, immediates, stackIn, stackOut, gas, since };
  }
  return table;
})();

/** Mnemonic for traces; unassigned bytes print like geth ("opcode 0xef not defined"). */
export function opcodeName(op: number): string {
  return OPCODES[op]?.name ?? `0x${op.toString(16).padStart(2, '0')}`;
}

/** Named opcode bytes used outside the dispatch switch. */
export const OP = {
  PUSH1: 0x60,
  PUSH32: 0x7f,
  JUMPDEST: 0x5b,
} as const;
