/**
 * Step proofs and their verifier. A proof holds the 226-byte pre-state witness, the
 * instruction proof and one data-word proof (896 bytes each), and — when the step read the
 * pre-image oracle — the key, the length-prefixed value and the offset read. `verifyStep`
 * recomputes the post-state hash from exactly that, as the on-chain `MIPS.step` does: both
 * memory proofs must fold to the witness's memRoot, the step is executed on a sparse memory
 * holding only the proven leaves, and the new root is folded from the data proof with the
 * written leaf. The proof file format is Cannon's `proof-%d.json`.
 */
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToHex, equalBytes, hexToBytes, keccak256, sha256 } from '@faultline/primitives';
import { MEM_PROOF_SIZE, WITNESS_SIZE } from './constants.js';
import { ProofError } from './errors.js';
import { rootFromProof } from './merkle.js';
import type { PreimageOracle } from './oracle.js';
import { decodeWitness, encodeWitness, MipsState, witnessHash } from './state.js';
import { MipsVM, type StepWitness } from './vm.js';

export interface StepProof {
  /** Step number of the pre-state. */
  step: number;
  pre: Uint8Array;
  post: Uint8Array;
  stateData: Uint8Array;
  proofData: Uint8Array;
  oracleKey?: Uint8Array;
  oracleValue?: Uint8Array;
  oracleOffset?: number;
}

/** Runs one step of `vm` with proof and packages it with pre/post hashes. */
export function proveStep(vm: MipsVM): StepProof {
  const step = vm.state.step;
  const wit = vm.step(true) as StepWitness;
  const proof: StepProof = {
    step,
    pre: witnessHash(wit.state),
    post: witnessHash(encodeWitness(vm.state)),
    stateData: wit.state,
    proofData: wit.proof,
  };
  if (wit.preimageKey && wit.preimageValue && wit.preimageOffset !== undefined) {
    proof.oracleKey = wit.preimageKey;
    proof.oracleValue = wit.preimageValue;
    proof.oracleOffset = wit.preimageOffset;
  }
  return proof;
}

export function stepProofToJson(p: StepProof): Record<string, unknown> {
  const out: Record<string, unknown> = {
    step: p.step,
    pre: bytesToHex(p.pre),
    post: bytesToHex(p.post),
    'state-data': bytesToHex(p.stateData),
    'proof-data': bytesToHex(p.proofData),
  };
  if (p.oracleKey) out['oracle-key'] = bytesToHex(p.oracleKey);
  if (p.oracleValue) out['oracle-value'] = bytesToHex(p.oracleValue);
  if (p.oracleOffset !== undefined) out['oracle-offset'] = p.oracleOffset;
  return out;
}

/** A non-negative safe integer from a proof file field. */
function proofInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new ProofError(`proof: field "${what}" must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * A proof from parsed JSON (Cannon's `proof-%d.json`); anything malformed is a `ProofError`.
 * `witnessSize` is the VM's state-data length (226 MIPS32, 188 cannon64).
 */
export function stepProofFromJson(j: unknown, witnessSize: number = WITNESS_SIZE): StepProof {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new ProofError('proof: expected a JSON object');
  const o = j as Record<string, unknown>;
  const hex = (k: string, len?: number) => {
    const v = o[k];
    if (typeof v !== 'string') throw new ProofError(`proof: field "${k}" must be a hex string`);
    try {
      return hexToBytes(v, len);
    } catch (e) {
      throw new ProofError(`proof: field "${k}": ${(e as { shortMessage?: string }).shortMessage ?? String(e)}`);
    }
  };
  const p: StepProof = {
    step: proofInt(o.step ?? 0, 'step'),
    pre: hex('pre', 32),
    post: hex('post', 32),
    stateData: hex('state-data', witnessSize),
    proofData: hex('proof-data'),
  };
  if (o['oracle-key'] !== undefined) p.oracleKey = hex('oracle-key', 32);
  if (o['oracle-value'] !== undefined) p.oracleValue = hex('oracle-value');
  if (o['oracle-offset'] !== undefined) p.oracleOffset = proofInt(o['oracle-offset'], 'oracle-offset');
  return p;
}

/** The oracle of a verifier: only the one pre-image part carried by the proof (both VMs). */
export class ProofOracle implements PreimageOracle {
  constructor(
    private readonly key: Uint8Array | undefined,
    private readonly value: Uint8Array | undefined,
  ) {}
  getPreimage(key: Uint8Array): Uint8Array {
    if (!this.key || !this.value) throw new ProofError('proof: the step reads a pre-image but the proof carries none');
    if (!equalBytes(key, this.key))
      throw new ProofError(`proof: oracle key ${bytesToHex(this.key)} is not the state's key ${bytesToHex(key)}`);
    if (this.value.length < 8)
      throw new ProofError(`proof: oracle value: expected at least 8 bytes, got ${this.value.length}`);
    const len = new DataView(this.value.buffer, this.value.byteOffset).getBigUint64(0);
    const data = this.value.subarray(8);
    if (len !== BigInt(data.length))
      throw new ProofError(`proof: oracle value length prefix ${len} but ${data.length} bytes follow`);
    // The on-chain oracle holds only parts it could check; do the same for hash-typed keys.
    const check =
      key[0] === KEY_TYPES.keccak256.byte
        ? keccak256(data)
        : key[0] === KEY_TYPES.sha256.byte
          ? sha256(data)
          : undefined;
    if (check && !equalBytes(check.subarray(1), key.subarray(1)))
      throw new ProofError('proof: oracle value does not hash to its key');
    return data;
  }
  hint(): void {}
}

function sparseState(w: ReturnType<typeof decodeWitness>): MipsState {
  const s = new MipsState();
  Object.assign(s, {
    preimageKey: w.preimageKey.slice(),
    preimageOffset: w.preimageOffset,
    pc: w.pc,
    nextPC: w.nextPC,
    lo: w.lo,
    hi: w.hi,
  });
  Object.assign(s, { heap: w.heap, exitCode: w.exitCode, exited: w.exited, step: w.step });
  s.registers.set(Int32Array.from(w.registers));
  return s;
}

/** Where the u64 step counter sits in the 226-byte witness. */
const STEP_OFFSET = 90;

/**
 * Recomputes the post-state hash from the pre-state witness and the proof alone. Throws
 * `ProofError` when a memory proof does not match the witness's memRoot or the pre-image
 * part is inconsistent.
 */
export function verifyStep(
  stateData: Uint8Array,
  proofData: Uint8Array,
  oracle?: { key?: Uint8Array; value?: Uint8Array; offset?: number },
): Uint8Array {
  if (stateData.length !== WITNESS_SIZE)
    throw new ProofError(`state-data: expected ${WITNESS_SIZE} bytes, got ${stateData.length}`);
  const w = decodeWitness(stateData);
  if (w.exited) return witnessHash(stateData);
  // The post-state commits to step + 1; past 2^53 a JS number cannot hold it (cannon64 refuses the same).
  if (w.step >= Number.MAX_SAFE_INTEGER) {
    const step = new DataView(stateData.buffer, stateData.byteOffset).getBigUint64(STEP_OFFSET);
    throw new ProofError(`state-data: step ${step} is beyond 2^53 (not a reachable step count)`);
  }
  if (proofData.length !== 2 * MEM_PROOF_SIZE)
    throw new ProofError(`proof-data: expected ${2 * MEM_PROOF_SIZE} bytes, got ${proofData.length}`);
  const insnProof = proofData.subarray(0, MEM_PROOF_SIZE);
  const memProof = proofData.subarray(MEM_PROOF_SIZE);
  if (!equalBytes(rootFromProof(insnProof, w.pc), w.memRoot))
    throw new ProofError('instruction proof does not verify against memRoot');

  const run = (withData: number | undefined) => {
    const s = sparseState(w);
    s.memory.setRange(w.pc & ~31, insnProof.subarray(0, 32));
    if (withData !== undefined) s.memory.setRange(withData & ~31, memProof.subarray(0, 32));
    const vm = new MipsVM(s, new ProofOracle(oracle?.key, oracle?.value));
    const wit = vm.step(true) as StepWitness;
    return { s, wit };
  };
  // First pass finds which data word the step touches (addresses depend only on registers).
  const probe = run(undefined);
  const addr = probe.wit.memAddress;
  if (addr === undefined) return witnessHash(encodeWitness(probe.s, w.memRoot));
  if (!equalBytes(rootFromProof(memProof, addr), w.memRoot))
    throw new ProofError(`memory proof for 0x${addr.toString(16)} does not verify against memRoot`);
  const { s, wit } = run(addr);
  if (oracle?.offset !== undefined && wit.preimageOffset !== undefined && oracle.offset !== wit.preimageOffset) {
    throw new ProofError(`proof: oracle offset ${oracle.offset} but the state reads at ${wit.preimageOffset}`);
  }
  const leaf = s.memory.readRange(addr & ~31, 32);
  return witnessHash(encodeWitness(s, rootFromProof(memProof, addr, leaf)));
}

/** Checks a Cannon proof file: pre matches the witness and the recomputed post matches. */
export function checkStepProof(p: StepProof): { ok: boolean; post: Uint8Array; reason?: string } {
  if (p.stateData.length !== WITNESS_SIZE)
    throw new ProofError(`state-data: expected ${WITNESS_SIZE} bytes, got ${p.stateData.length}`);
  if (!equalBytes(witnessHash(p.stateData), p.pre))
    return { ok: false, post: new Uint8Array(32), reason: 'pre does not match the hash of state-data' };
  const oracle: { key?: Uint8Array; value?: Uint8Array; offset?: number } = {};
  if (p.oracleKey) oracle.key = p.oracleKey;
  if (p.oracleValue) oracle.value = p.oracleValue;
  if (p.oracleOffset !== undefined) oracle.offset = p.oracleOffset;
  const post = verifyStep(p.stateData, p.proofData, oracle);
  return equalBytes(post, p.post)
    ? { ok: true, post }
    : { ok: false, post, reason: 'recomputed post-state hash differs from post' };
}
