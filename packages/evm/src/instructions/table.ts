/**
 * The out-of-line instructions by opcode. The interpreter's switch holds only the instructions
 * nearly every contract runs in its loops (stack, jumps, memory words, cheap arithmetic); every
 * other opcode dispatches through this table from one call site.
 *
 * Why: V8 compiles the interpreter loop as one function. A switch case reached for the first time
 * after that function was optimised has no type feedback, so the whole function is deoptimised
 * and recompiled — 60–130 ms for a loop holding every opcode, during which short programs run
 * unoptimised (seen with `--trace-deopt`). Out here each instruction is its own small function,
 * optimised on its own, and the shared call site simply goes megamorphic.
 * Which opcodes exist in a fork, their stack bounds and constant gas are the jump table's job
 * (`jump-table.ts`); an opcode the fork lacks never gets here.
 */
import type { Instruction } from '../frame.js';
import * as arith from './arithmetic.js';
import * as env from './environment.js';
import * as mem from './memory-ops.js';
import * as store from './storage.js';
import * as sys from './system.js';

const entries: [number, Instruction][] = [
  [0x05, arith.opSdiv],
  [0x06, arith.opMod],
  [0x07, arith.opSmod],
  [0x08, arith.opAddmod],
  [0x09, arith.opMulmod],
  [0x0a, arith.opExp],
  [0x0b, arith.opSignextend],
  [0x12, arith.opSlt],
  [0x13, arith.opSgt],
  [0x1a, arith.opByte],
  [0x1d, arith.opSar],
  [0x1e, arith.opClz],
  [0x20, mem.opKeccak256],
  [0x30, env.opAddress],
  [0x31, env.opBalance],
  [0x32, env.opOrigin],
  [0x33, env.opCaller],
  [0x34, env.opCallvalue],
  [0x35, env.opCalldataload],
  [0x36, env.opCalldatasize],
  [0x37, mem.opCopy],
  [0x38, env.opCodesize],
  [0x39, mem.opCopy],
  [0x3a, env.opGasprice],
  [0x3b, env.opExtcodesize],
  [0x3c, mem.opExtcodecopy],
  [0x3d, env.opReturndatasize],
  [0x3e, mem.opCopy],
  [0x3f, env.opExtcodehash],
  [0x40, env.opBlockhash],
  [0x41, env.opCoinbase],
  [0x42, env.opTimestamp],
  [0x43, env.opNumber],
  [0x44, env.opPrevrandao],
  [0x45, env.opGaslimit],
  [0x46, env.opChainid],
  [0x47, env.opSelfbalance],
  [0x48, env.opBasefee],
  [0x49, env.opBlobhash],
  [0x4a, env.opBlobbasefee],
  [0x53, mem.opMstore8],
  [0x54, store.opSload],
  [0x55, store.opSstore],
  [0x58, env.opPc],
  [0x59, env.opMsize],
  [0x5a, env.opGas],
  [0x5c, store.opTload],
  [0x5d, store.opTstore],
  [0x5e, mem.opMcopy],
  [0xa0, sys.opLog],
  [0xa1, sys.opLog],
  [0xa2, sys.opLog],
  [0xa3, sys.opLog],
  [0xa4, sys.opLog],
  [0xf0, sys.opCreate],
  [0xf1, sys.opCall],
  [0xf2, sys.opCall],
  [0xf3, sys.opReturn],
  [0xf4, sys.opCall],
  [0xf5, sys.opCreate],
  [0xfa, sys.opCall],
  [0xfd, sys.opReturn],
  [0xff, sys.opSelfDestruct],
];

export const INSTRUCTIONS: readonly Instruction[] = (() => {
  const t: Instruction[] = new Array<Instruction>(256).fill(sys.opInvalid);
  for (const [op, fn] of entries) t[op] = fn;
  return t;
})();
