/**
 * Instructions that read the call, transaction, block and account environment (0x30–0x4a) plus
 * PC, MSIZE and GAS. Account queries pay the EIP-2929 cold surcharge on first touch.
 */
import type { Evm } from '../evm.js';
import { charge, type Frame, HALT } from '../frame.js';
import { GAS, LIMITS } from '../gas.js';
import type { AddressHex } from '../state-interface.js';
import { addressFromWord, big, canon, hashWord, readWordPadded, type Word, word } from '../words.js';

/** EIP-2929: warms `addr`, charging the cold surcharge if it was cold; false on out of gas. */
function accessAccount(evm: Evm, f: Frame, addr: AddressHex): boolean {
  return (
    !(evm.rules.berlin && evm.world.warmAddress(addr)) || charge(f, GAS.COLD_ACCOUNT_ACCESS - GAS.WARM_STORAGE_READ)
  );
}

function push(f: Frame, sp: number, v: Word): number {
  f.stack[sp] = v;
  return sp + 1;
}

export const opAddress = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.addressWord());
export const opOrigin = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(BigInt(evm.tx.origin)));
export const opCaller = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.callerWord());
export const opCallvalue = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, canon(f.value));
export const opCalldatasize = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.input.length);
export const opCodesize = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.code.length);
export const opGasprice = (evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, canon(evm.tx.gasPrice));
export const opReturndatasize = (_evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, f.returnData.length);
export const opCoinbase = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(BigInt(evm.config.block.coinbase)));
export const opTimestamp = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.timestamp));
export const opNumber = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.number));
export const opPrevrandao = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.prevRandao));
export const opGaslimit = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.gasLimit));
export const opChainid = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.chainId));
export const opSelfbalance = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.world.account(f.address).balance));
export const opBasefee = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.baseFee));
export const opBlobbasefee = (evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, canon(evm.config.block.blobBaseFee));
/** PC: the position of this opcode (`f.pc` already points past it). */
export const opPc = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.pc - 1);
export const opMsize = (_evm: Evm, f: Frame, _op: number, sp: number): number => push(f, sp, f.memory.size);
export const opGas = (_evm: Evm, f: Frame, _op: number, sp: number): number =>
  push(f, sp, f.bank === 0n ? word(f.gas) : canon(BigInt(f.gas) + f.bank));

export function opCalldataload(_evm: Evm, f: Frame, _op: number, sp: number): number {
  f.stack[sp - 1] = readWordPadded(f.input, f.stack[sp - 1]!);
  return sp;
}

export function opBalance(evm: Evm, f: Frame, _op: number, sp: number): number {
  const addr = addressFromWord(f.stack[sp - 1]!);
  if (!accessAccount(evm, f, addr)) return HALT;
  f.stack[sp - 1] = canon(evm.world.account(addr).balance);
  return sp;
}

export function opExtcodesize(evm: Evm, f: Frame, _op: number, sp: number): number {
  const addr = addressFromWord(f.stack[sp - 1]!);
  if (!accessAccount(evm, f, addr)) return HALT;
  const world = evm.world;
  const acc = world.account(addr);
  f.stack[sp - 1] = acc.hasCode() ? world.code(acc).length : 0;
  return sp;
}

/** EXTCODEHASH (EIP-1052): 0 for dead accounts. */
export function opExtcodehash(evm: Evm, f: Frame, _op: number, sp: number): number {
  const addr = addressFromWord(f.stack[sp - 1]!);
  if (!accessAccount(evm, f, addr)) return HALT;
  const world = evm.world;
  f.stack[sp - 1] = world.isDead(addr) ? 0 : hashWord(world.account(addr).codeHash);
  return sp;
}

/** BLOCKHASH: only the 256 most recent blocks; 0 otherwise. */
export function opBlockhash(evm: Evm, f: Frame, _op: number, sp: number): number {
  const n = big(f.stack[sp - 1]!);
  const cur = evm.config.block.number;
  let v: Word = 0;
  if (n < cur && n + BigInt(LIMITS.BLOCKHASH_WINDOW) >= cur) {
    const h = evm.world.reader.getBlockHash(n);
    if (h) v = hashWord(h);
  }
  f.stack[sp - 1] = v;
  return sp;
}

/** BLOBHASH (EIP-4844): the tx's i-th versioned hash, 0 out of range. */
export function opBlobhash(evm: Evm, f: Frame, _op: number, sp: number): number {
  const i = f.stack[sp - 1]!;
  const hashes = evm.tx.blobHashes;
  f.stack[sp - 1] = i < hashes.length ? hashWord(hashes[Number(i)]!) : 0;
  return sp;
}
