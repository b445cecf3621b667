/**
 * Message calls and contract creation (geth `core/vm/evm.go`): depth limit, value transfer,
 * snapshot/revert around every frame, precompile dispatch, EIP-7702 delegated code, CREATE/CREATE2
 * address derivation, collision checks (incl. EIP-7610), EIP-170/3541 code rules and the code
 * deposit charge. Also hosts the state-dependent gas rules the interpreter delegates (SSTORE) and
 * SELFDESTRUCT's EIP-6780 semantics. One `Evm` instance executes one transaction at a time.
 */
import { addressToBytes, bytesToHex, create2Address, createAddress, keccak256 } from '@faultline/primitives';
import {
  CALL,
  CALLCODE,
  type EvmConfig,
  type FrameResult,
  STATICCALL,
  STATUS_HALT,
  STATUS_SUCCESS,
  type TxContext,
} from './context.js';
import { isForkActive } from './fork.js';
import { Frame, GAS_SPLIT, splitGas } from './frame.js';
import { GAS, LIMITS } from './gas.js';
import { interpret } from './interpreter.js';
import { type JumpTable, jumpTable } from './jump-table.js';
import { type JumpdestCache, SHARED_ANALYSIS } from './jumpdest.js';
import { Memory } from './memory.js';
import type { PrecompileTable } from './precompiles/types.js';
import { primeInterpreter } from './prime.js';
import type { AddressHex } from './state-interface.js';
import type { Word } from './words.js';
import type { WorldState } from './world-state.js';

export interface Rules {
  homestead: boolean;
  tangerine: boolean;
  spurious: boolean;
  byzantium: boolean;
  constantinople: boolean;
  istanbul: boolean;
  berlin: boolean;
  london: boolean;
  paris: boolean;
  shanghai: boolean;
  cancun: boolean;
  prague: boolean;
  osaka: boolean;
  expByteGas: number;
}

export function rulesFor(fork: EvmConfig['fork']): Rules {
  const at = (f: EvmConfig['fork']) => isForkActive(fork, f);
  return {
    homestead: at('Homestead'),
    tangerine: at('TangerineWhistle'),
    spurious: at('SpuriousDragon'),
    byzantium: at('Byzantium'),
    constantinople: at('Constantinople'),
    istanbul: at('Istanbul'),
    berlin: at('Berlin'),
    london: at('London'),
    paris: at('Paris'),
    shanghai: at('Shanghai'),
    cancun: at('Cancun'),
    prague: at('Prague'),
    osaka: at('Osaka'),
    expByteGas: at('SpuriousDragon') ? GAS.EXP_BYTE_SPURIOUS : GAS.EXP_BYTE_FRONTIER,
  };
}

/** One frozen `Rules` per fork: an `Evm` is built per transaction and the flags never change. */
const RULES_CACHE = new Map<EvmConfig['fork'], Rules>();
function cachedRules(fork: EvmConfig['fork']): Rules {
  let r = RULES_CACHE.get(fork);
  if (r === undefined) {
    r = Object.freeze(rulesFor(fork));
    RULES_CACHE.set(fork, r);
  }
  return r;
}

/** EIP-7702 delegation designator prefix. */
export const DELEGATION_PREFIX = Uint8Array.of(0xef, 0x01, 0x00);

export function parseDelegation(code: Uint8Array): AddressHex | undefined {
  if (code.length !== 23 || code[0] !== 0xef || code[1] !== 0x01 || code[2] !== 0x00) return undefined;
  return bytesToHex(code.subarray(3));
}

const EMPTY = new Uint8Array(0);
/**
 * Free memories of at most this size are always pooled; larger ones only while the pool holds
 * less than `POOLED_BYTES_LIMIT` in all. A program that works in a megabyte of memory
 * (ten-thousand-hashes, blake2b_shifts: ~1.2 MB) would otherwise allocate, zero and copy its
 * buffer through eight doublings on every call; bounding the total, not each buffer, keeps deep
 * recursion with large memories from pinning 1024 frames' worth.
 */
const POOLED_MEMORY_LIMIT = 1 << 16;
const POOLED_BYTES_LIMIT = 32 << 20;
let pooledBytes = 0;
/** Free stacks/memories kept for reuse; deeper recursion allocates (and later drops) the rest. */
const POOL_LIMIT = 256;
const STACK_POOL: Word[][] = [];

/**
 * A zeroed stack in V8's generic elements kind: filled with a bigint first, so storing a number
 * above 2^31 or a bigint later never converts the array (and every stack has the same shape).
 */
function newStack(): Word[] {
  return new Array<Word>(LIMITS.STACK).fill(0n).fill(0);
}
const MEMORY_POOL: Memory[] = [];
const MAX_NONCE = (1n << 64n) - 1n;

function result(
  status: number,
  gasLeft: number,
  output: Uint8Array,
  error?: string,
  created?: AddressHex,
  bankLeft = 0n,
): FrameResult {
  return { status, gasLeft, bankLeft, output, error, created };
}

export class Evm {
  readonly rules: Rules;
  readonly table: JumpTable;
  readonly precompiles: PrecompileTable;
  tx: TxContext = { origin: '0x0000000000000000000000000000000000000000', gasPrice: 0n, blobHashes: [] };

  constructor(
    readonly config: EvmConfig,
    readonly world: WorldState,
    readonly jumpdests: JumpdestCache = SHARED_ANALYSIS,
  ) {
    this.rules = cachedRules(config.fork);
    this.table = jumpTable(config.fork);
    this.precompiles = config.precompiles;
    primeInterpreter();
  }

  /** Code executed when calling `address`: follows one EIP-7702 delegation from Prague on. */
  private resolveCode(address: AddressHex): { code: Uint8Array; key: string } {
    const acc = this.world.account(address);
    const code = this.world.code(acc);
    if (this.rules.prague) {
      const target = parseDelegation(code);
      if (target !== undefined) {
        const t = this.world.account(target);
        return { code: this.world.code(t), key: t.codeHashKey };
      }
    }
    return { code, key: acc.codeHashKey };
  }

  delegationOf(address: AddressHex): AddressHex | undefined {
    const acc = this.world.account(address);
    if (!acc.hasCode()) return undefined;
    return parseDelegation(this.world.code(acc));
  }

  private run(
    address: AddressHex,
    caller: AddressHex,
    value: bigint,
    input: Uint8Array,
    code: Uint8Array,
    codeKey: string | undefined,
    gas: number,
    isStatic: boolean,
    depth: number,
    bank: bigint,
  ): FrameResult {
    // Stacks and memories come from module-wide free lists: a fresh Evm per transaction (and
    // per benchmark run) would otherwise allocate a 1024-slot stack and an 8 KiB buffer for
    // every depth it reaches. Taken for the frame's lifetime and returned afterwards, so nested
    // frames and nested Evm instances never share one.
    const stack = STACK_POOL.pop() ?? newStack();
    let memory = MEMORY_POOL.pop();
    if (memory === undefined) memory = new Memory();
    else if (memory.buf.length > POOLED_MEMORY_LIMIT) pooledBytes -= memory.buf.length;
    const analysis = this.jumpdests.get(codeKey, code);
    const frame = new Frame(address, caller, value, input, code, analysis, gas, isStatic, depth, stack, memory);
    frame.bank = bank;
    const r = interpret(this, frame);
    if (STACK_POOL.length < POOL_LIMIT) STACK_POOL.push(stack);
    // A frame that grew memory large gives it back unless the pool has room (see above).
    const bytes = memory.buf.length;
    if (
      MEMORY_POOL.length < POOL_LIMIT &&
      (bytes <= POOLED_MEMORY_LIMIT || pooledBytes + bytes <= POOLED_BYTES_LIMIT)
    ) {
      if (bytes > POOLED_MEMORY_LIMIT) pooledBytes += bytes;
      memory.reset();
      MEMORY_POOL.push(memory);
    }
    return r;
  }

  /**
   * A message call. For CALL/STATICCALL `address === codeAddress`; CALLCODE runs `codeAddress`'s
   * code on `address` (the caller itself); DELEGATECALL also keeps the parent's caller and value.
   */
  call(
    kind: number,
    caller: AddressHex,
    address: AddressHex,
    codeAddress: AddressHex,
    value: bigint,
    input: Uint8Array,
    gas: number,
    isStatic: boolean,
    depth: number,
    bank = 0n,
  ): FrameResult {
    const world = this.world;
    if (depth - 1 > LIMITS.CALL_DEPTH)
      return result(STATUS_HALT, gas, EMPTY, 'max call depth exceeded', undefined, bank);
    const transfers = kind === CALL || kind === CALLCODE;
    if (transfers && value !== 0n && world.account(caller).balance < value) {
      return result(STATUS_HALT, gas, EMPTY, 'insufficient balance for transfer', undefined, bank);
    }
    const snapshot = world.snapshot();
    const precompile = this.precompiles.get(codeAddress);
    if (kind === CALL) {
      if (!world.exists(address)) {
        if (precompile === undefined && this.rules.spurious && value === 0n) {
          return result(STATUS_SUCCESS, gas, EMPTY, undefined, undefined, bank);
        }
        world.ensureExists(address);
      }
      this.transfer(caller, address, value);
    } else if (kind === STATICCALL) {
      // geth touches the callee with a zero-value add so EIP-161 clearing sees it.
      world.addBalance(address, 0n);
    }
    let r: FrameResult;
    if (precompile !== undefined) {
      const p = precompile.run(input, bank === 0n ? gas : Number.MAX_SAFE_INTEGER);
      if (p.status === 'success') {
        if (bank === 0n) r = result(STATUS_SUCCESS, gas - p.gasUsed, p.output);
        else {
          const left = BigInt(gas) + bank - BigInt(p.gasUsed);
          const big = left > BigInt(GAS_SPLIT) ? left - BigInt(GAS_SPLIT) : 0n;
          r = result(STATUS_SUCCESS, Number(left - big), p.output, undefined, undefined, big);
        }
      } else r = result(STATUS_HALT, 0, EMPTY, p.reason);
    } else {
      const { code, key } = this.resolveCode(codeAddress);
      if (code.length === 0) return result(STATUS_SUCCESS, gas, EMPTY, undefined, undefined, bank);
      r = this.run(address, caller, value, input, code, key, gas, isStatic, depth, bank);
    }
    if (r.status !== STATUS_SUCCESS) {
      world.revert(snapshot);
      if (r.status === STATUS_HALT) {
        r.gasLeft = 0;
        r.bankLeft = 0n;
      }
    }
    return r;
  }

  private transfer(from: AddressHex, to: AddressHex, value: bigint): void {
    const world = this.world;
    world.setBalance(from, world.account(from).balance - value);
    world.addBalance(to, value);
  }

  /** CREATE (salt undefined) or CREATE2. */
  create(
    caller: AddressHex,
    value: bigint,
    initcode: Uint8Array,
    gas: number,
    depth: number,
    salt: bigint | undefined,
    bank = 0n,
  ): FrameResult {
    const world = this.world;
    if (depth - 1 > LIMITS.CALL_DEPTH)
      return result(STATUS_HALT, gas, EMPTY, 'max call depth exceeded', undefined, bank);
    const callerAcc = world.account(caller);
    if (callerAcc.balance < value) {
      return result(STATUS_HALT, gas, EMPTY, 'insufficient balance for transfer', undefined, bank);
    }
    const nonce = callerAcc.nonce;
    if (nonce >= MAX_NONCE) return result(STATUS_HALT, gas, EMPTY, 'nonce uint64 overflow', undefined, bank);
    const address =
      salt === undefined
        ? bytesToHex(createAddress(addressToBytes(caller), nonce))
        : bytesToHex(create2Address(addressToBytes(caller), bigWord(salt), keccak256(initcode)));
    world.setNonce(caller, nonce + 1n);
    return this.createAt(caller, address, value, initcode, gas, depth, bank);
  }

  /** The part of CREATE after the caller's nonce bump; also used by contract-creation txs. */
  createAt(
    caller: AddressHex,
    address: AddressHex,
    value: bigint,
    initcode: Uint8Array,
    gas: number,
    depth: number,
    bank = 0n,
  ): FrameResult {
    const world = this.world;
    if (this.rules.berlin) world.warmAddress(address);
    const target = world.account(address);
    // Collision: nonce, code, or (EIP-7610) storage already present.
    if (target.nonce !== 0n || target.hasCode() || (!target.storageWiped && world.hasStorageAtStart(address))) {
      return result(STATUS_HALT, 0, EMPTY, 'contract address collision');
    }
    const snapshot = world.snapshot();
    world.createAccount(address);
    if (this.rules.spurious) world.setNonce(address, 1n);
    this.transfer(caller, address, value);
    let r: FrameResult;
    if (initcode.length === 0) r = result(STATUS_SUCCESS, gas, EMPTY, undefined, undefined, bank);
    else r = this.run(address, caller, value, EMPTY, initcode, undefined, gas, false, depth, bank);
    if (r.status === STATUS_SUCCESS) {
      const code = r.output;
      if (this.rules.spurious && code.length > LIMITS.MAX_CODE_SIZE) {
        r = result(STATUS_HALT, 0, EMPTY, 'max code size exceeded');
      } else if (this.rules.london && code.length > 0 && code[0] === 0xef) {
        r = result(STATUS_HALT, 0, EMPTY, 'invalid code: must not begin with 0xef');
      } else {
        const deposit = code.length * GAS.CREATE_DATA_PER_BYTE;
        if (r.bankLeft !== 0n) {
          const split = splitGas(BigInt(r.gasLeft) + r.bankLeft);
          r.gasLeft = split.gas;
          r.bankLeft = split.bank;
        }
        if (r.gasLeft >= deposit) {
          r.gasLeft -= deposit;
          if (code.length > 0) world.setCode(address, code);
        } else if (this.rules.homestead) {
          r = result(STATUS_HALT, 0, EMPTY, 'contract creation code storage out of gas');
        }
        // Frontier: not enough gas for the deposit leaves an account without code, no error.
      }
    }
    if (r.status !== STATUS_SUCCESS) {
      world.revert(snapshot);
      if (r.status === STATUS_HALT) {
        r.gasLeft = 0;
        r.bankLeft = 0n;
      }
      return r;
    }
    r.created = address;
    r.output = EMPTY;
    return r;
  }

  /** SSTORE dynamic gas (incl. EIP-2929 cold surcharge) and refund bookkeeping. */
  sstoreCost(address: AddressHex, slot: bigint, value: bigint): number {
    const world = this.world;
    const rules = this.rules;
    const current = world.getStorage(address, slot);
    if (!rules.istanbul) {
      // Frontier … Petersburg.
      if (current === 0n && value !== 0n) return GAS.SSTORE_SET;
      if (current !== 0n && value === 0n) world.addRefund(GAS.SSTORE_CLEAR_REFUND_LEGACY);
      return GAS.SSTORE_RESET;
    }
    let cold = 0;
    if (rules.berlin && world.warmSlot(address, slot)) cold = GAS.COLD_SLOAD;
    const warmRead = rules.berlin ? GAS.WARM_STORAGE_READ : GAS.SLOAD_ISTANBUL;
    const reset = rules.berlin ? GAS.SSTORE_RESET - GAS.COLD_SLOAD : GAS.SSTORE_RESET;
    const clearRefund = rules.london ? GAS.SSTORE_CLEAR_REFUND_LONDON : GAS.SSTORE_CLEAR_REFUND_LEGACY;
    if (current === value) return cold + warmRead;
    const original = world.originalStorage(address, slot);
    if (original === current) {
      if (original === 0n) return cold + GAS.SSTORE_SET;
      if (value === 0n) world.addRefund(clearRefund);
      return cold + reset;
    }
    if (original !== 0n) {
      if (current === 0n) world.addRefund(-clearRefund);
      else if (value === 0n) world.addRefund(clearRefund);
    }
    if (original === value) {
      world.addRefund(original === 0n ? GAS.SSTORE_SET - warmRead : reset - warmRead);
    }
    return cold + warmRead;
  }

  /** SELFDESTRUCT's state effects (gas already charged). */
  selfDestruct(address: AddressHex, beneficiary: AddressHex): void {
    const world = this.world;
    const balance = world.account(address).balance;
    if (!this.rules.london && !world.destructed.has(address)) world.addRefund(GAS.SELFDESTRUCT_REFUND);
    if (this.rules.cancun && !world.createdInTx.has(address)) {
      // EIP-6780: only moves the balance (nothing burned when sending to itself).
      if (beneficiary !== address) {
        world.addBalance(beneficiary, balance);
        world.setBalance(address, 0n);
      } else world.addBalance(address, 0n);
      return;
    }
    world.addBalance(beneficiary, balance);
    world.setBalance(address, 0n);
    world.markDestructed(address);
  }
}

function bigWord(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0 && x > 0n; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
