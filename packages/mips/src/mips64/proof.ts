/**
 * cannon64 step proofs and their verifier. A proof holds the 188-byte pre-state witness and
 * 6090 bytes of proof data — the active thread (298 bytes) and the root of its stack below it,
 * the instruction proof, and the memory proofs of the first and second doubleword the step
 * touches (1920 bytes each, zero when unused) — plus the pre-image part read, as upstream's
 * `cannon run --proof-at` writes them (same JSON shape as MIPS32's).
 *
 * `verifyStep64` recomputes the post-state from exactly that, in the order MIPS64.sol does: an
 * exited state is its own post-state; the thread proof must hash to the active stack's root (a
 * proof for any other thread fails here); the instruction proof is checked when an instruction
 * is fetched; the step then runs on a state that knows only the proven leaves, the one thread and
 * the stack roots; and the new memory root is folded from the proofs — the second proof against
 * the root after the first write, as `clock_gettime` needs.
 */
import { bytesToHex, equalBytes, keccak256 } from '@faultline/primitives';
import { ProofError } from '../errors.js';
import { hashPair, rootFromProofAt } from '../merkle.js';
import { ProofOracle, type StepProof, stepProofFromJson } from '../proof.js';
import {
  MEM64_PROOF_SIZE,
  MEM64_TREE_DEPTH,
  SCHED_QUANTUM,
  STEP_PROOF64_SIZE,
  THREAD_PROOF_SIZE,
  THREAD64_SIZE,
  WITNESS64_SIZE,
} from './constants.js';
import { decodeWitness64, encodeWitness64, Mips64State, stateHash64, witnessHash64 } from './state.js';
import { decodeThread, EMPTY_THREADS_ROOT, type Thread64 } from './thread.js';
import { Mips64VM } from './vm.js';

/** Runs one step of `vm` with proof and packages it with pre/post hashes. */
export function proveStep64(vm: Mips64VM): StepProof {
  const step = vm.state.step;
  const wit = vm.step(true)!;
  const proof: StepProof = {
    step,
    pre: witnessHash64(wit.state),
    post: stateHash64(vm.state),
    stateData: wit.state,
    proofData: wit.proof,
  };
  if (wit.preimageKey && wit.preimageValue && wit.preimageOffset !== undefined) {
    proof.oracleKey = wit.preimageKey;
    proof.oracleValue = wit.preimageValue;
    proof.oracleOffset = Number(wit.preimageOffset);
  }
  return proof;
}

/** A cannon64 proof from parsed JSON (state-data of 188 bytes); anything malformed is a `ProofError`. */
export function stepProof64FromJson(j: unknown): StepProof {
  return stepProofFromJson(j, WITNESS64_SIZE);
}

const leafIndex = (addr: bigint): bigint => BigInt.asUintN(64, addr) >> 5n;
const foldsTo = (proof: Uint8Array, addr: bigint, root: Uint8Array): boolean =>
  equalBytes(rootFromProofAt(proof, MEM64_TREE_DEPTH, leafIndex(addr)), root);

/** The leaf `leaf` with the doubleword at `addr` replaced by the one in `from` (a 32-byte leaf). */
function withDoubleword(leaf: Uint8Array, from: Uint8Array, addr: bigint): Uint8Array {
  const out = leaf.slice();
  const o = Number(addr & 31n);
  out.set(from.subarray(o, o + 8), o);
  return out;
}

/**
 * Recomputes the post-state hash from the pre-state witness, the proof data and the pre-image
 * part alone. Throws `ProofError` when a proof does not match the witness, `MipsExecutionError`
 * when the step itself is an exception (no post-state exists).
 */
export function verifyStep64(
  stateData: Uint8Array,
  proofData: Uint8Array,
  oracle?: { key?: Uint8Array; value?: Uint8Array; offset?: number },
): Uint8Array {
  if (stateData.length !== WITNESS64_SIZE)
    throw new ProofError(`state-data: expected ${WITNESS64_SIZE} bytes, got ${stateData.length}`);
  let w: ReturnType<typeof decodeWitness64>;
  try {
    w = decodeWitness64(stateData);
  } catch (e) {
    throw new ProofError(`state-data: ${(e as { shortMessage?: string }).shortMessage ?? String(e)}`, { cause: e });
  }
  const activeRoot = w.traverseRight ? w.rightThreadStack : w.leftThreadStack;
  // MIPS64.sol: the post-state's active stack must not be empty, even for an exited state.
  if (equalBytes(activeRoot, EMPTY_THREADS_ROOT)) throw new ProofError('state-data: the active thread stack is empty');
  if (w.exited) return witnessHash64(stateData);
  if (proofData.length !== STEP_PROOF64_SIZE)
    throw new ProofError(`proof-data: expected ${STEP_PROOF64_SIZE} bytes, got ${proofData.length}`);
  if (w.step >= BigInt(Number.MAX_SAFE_INTEGER))
    throw new ProofError(`state-data: step ${w.step} is beyond 2^53 (not a reachable step count)`);

  let thread: Thread64;
  try {
    thread = decodeThread(proofData, 0);
  } catch (e) {
    throw new ProofError(`proof-data: thread: ${(e as Error).message}`, { cause: e });
  }
  const inner = proofData.slice(THREAD64_SIZE, THREAD_PROOF_SIZE);
  if (!equalBytes(hashPair(inner, keccak256(proofData.subarray(0, THREAD64_SIZE))), activeRoot))
    throw new ProofError(
      `proof-data: the thread proof (thread ${thread.id}) is not the active thread of the state: it does not hash to the ${w.traverseRight ? 'right' : 'left'} stack root ${bytesToHex(activeRoot)}`,
    );
  const insnProof = proofData.subarray(THREAD_PROOF_SIZE, THREAD_PROOF_SIZE + MEM64_PROOF_SIZE);
  const memProof = proofData.subarray(THREAD_PROOF_SIZE + MEM64_PROOF_SIZE, THREAD_PROOF_SIZE + 2 * MEM64_PROOF_SIZE);
  const memProof2 = proofData.subarray(THREAD_PROOF_SIZE + 2 * MEM64_PROOF_SIZE);

  const fetches = !thread.exited && w.stepsSinceLastContextSwitch < BigInt(SCHED_QUANTUM);
  if (fetches && !foldsTo(insnProof, thread.pc, w.memRoot))
    throw new ProofError(`instruction proof for pc 0x${thread.pc.toString(16)} does not verify against memRoot`);

  const build = (leaves: [bigint, Uint8Array][]): { s: Mips64State; vm: Mips64VM } => {
    const s = new Mips64State();
    s.preimageKey = w.preimageKey.slice();
    s.preimageOffset = w.preimageOffset;
    s.heap = w.heap;
    s.llStatus = w.llStatus;
    s.llAddress = w.llAddress;
    s.llOwnerThread = w.llOwnerThread;
    s.exitCode = w.exitCode;
    s.step = Number(w.step);
    // Any count at or past the quantum preempts and resets it, so its exact value is not needed.
    s.stepsSinceLastContextSwitch = fetches ? Number(w.stepsSinceLastContextSwitch) : SCHED_QUANTUM;
    s.traverseRight = w.traverseRight;
    s.nextThreadId = w.nextThreadId;
    const copy = decodeThread(proofData, 0);
    if (w.traverseRight) {
      s.right = [copy];
      s.rightBase = inner;
      s.leftBase = w.leftThreadStack;
    } else {
      s.left = [copy];
      s.leftBase = inner;
      s.rightBase = w.rightThreadStack;
    }
    if (fetches) s.memory.setRange(thread.pc & ~31n, insnProof.subarray(0, 32));
    for (const [addr, leaf] of leaves) s.memory.setRange(addr & ~31n, leaf);
    return { s, vm: new Mips64VM(s, new ProofOracle(oracle?.key, oracle?.value)) };
  };

  // First pass: which doublewords does the step touch? (Addresses come from registers only.)
  const probe = build([]);
  const probeWit = probe.vm.step(true)!;
  const [a1, a2] = probeWit.memAddresses;
  const leaves: [bigint, Uint8Array][] = [];
  if (a1 !== undefined) {
    if (!foldsTo(memProof, a1, w.memRoot))
      throw new ProofError(`memory proof for 0x${a1.toString(16)} does not verify against memRoot`);
    leaves.push([a1, memProof.slice(0, 32)]);
  }
  if (a2 !== undefined && leafIndex(a2) !== leafIndex(a1!)) leaves.push([a2, memProof2.slice(0, 32)]);
  const { s, vm } = build(leaves);
  const wit = vm.step(true)!;
  if (oracle?.offset !== undefined && wit.preimageOffset !== undefined && BigInt(oracle.offset) !== wit.preimageOffset)
    throw new ProofError(`proof: oracle offset ${oracle.offset} but the state reads at ${wit.preimageOffset}`);

  let root = w.memRoot;
  if (a1 !== undefined) {
    const after = s.memory.leaf(a1);
    root = rootFromProofAt(
      memProof,
      MEM64_TREE_DEPTH,
      leafIndex(a1),
      withDoubleword(memProof.subarray(0, 32), after, a1),
    );
    if (a2 !== undefined) {
      if (!foldsTo(memProof2, a2, root))
        throw new ProofError(
          `second memory proof for 0x${a2.toString(16)} does not verify against the root after the first write`,
        );
      const after2 = s.memory.leaf(a2);
      root = rootFromProofAt(
        memProof2,
        MEM64_TREE_DEPTH,
        leafIndex(a2),
        withDoubleword(memProof2.subarray(0, 32), after2, a2),
      );
    }
  }
  if (s.stackEmpty(s.traverseRight)) throw new ProofError('the post-state active thread stack is empty');
  return witnessHash64(encodeWitness64(s, root));
}

/** Checks a cannon64 proof file: pre matches the witness and the recomputed post matches. */
export function checkStepProof64(p: StepProof): { ok: boolean; post: Uint8Array; reason?: string } {
  if (p.stateData.length !== WITNESS64_SIZE)
    throw new ProofError(`state-data: expected ${WITNESS64_SIZE} bytes, got ${p.stateData.length}`);
  if (!equalBytes(witnessHash64(p.stateData), p.pre))
    return { ok: false, post: new Uint8Array(32), reason: 'pre does not match the hash of state-data' };
  const oracle: { key?: Uint8Array; value?: Uint8Array; offset?: number } = {};
  if (p.oracleKey) oracle.key = p.oracleKey;
  if (p.oracleValue) oracle.value = p.oracleValue;
  if (p.oracleOffset !== undefined) oracle.offset = p.oracleOffset;
  const post = verifyStep64(p.stateData, p.proofData, oracle);
  return equalBytes(post, p.post)
    ? { ok: true, post }
    : { ok: false, post, reason: 'recomputed post-state hash differs from post' };
}
