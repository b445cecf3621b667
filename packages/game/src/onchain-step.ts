/**
 * A step proof decided by MIPS.sol in our EVM (`OnchainMips`) and compared with our own VM: the
 * proof must first be self-consistent under our verifier, the pre-image part the step reads is
 * loaded into the PreimageOracle through the entry point its key type calls for, then
 * `MIPS.step` runs and its post-state hash is compared with ours. The 0.17.3 contracts predate
 * two fixes our VM follows; a step that meets one is reported as that known divergence, never as
 * a pass: `srav` with a shift amount ≥ 32 (MIPS 1.0.1 shifts by the whole rs; the 2024-08 audit
 * fix masks it to 5 bits) and precompile pre-images (oracle 1.0.0 keys them by
 * keccak(address ++ input); the VM's key since 2024-08 includes the u64 requiredGas).
 */

import { checkStepProof, decodeWitness, type StepProof, WITNESS_SIZE } from '@faultline/mips';
import { KEY_TYPES } from '@faultline/preimage';
import { bytesToBigInt, bytesToHex, equalBytes } from '@faultline/primitives';
import { blobPreimagePart } from './blob-part.js';
import { type CallOutcome, type OnchainMips, UnloadablePreimageError } from './onchain-mips.js';

/** Pre-images beyond the proof's own part (blob and precompile parts need their key's pre-image). */
export interface PreimageLookup {
  get(key: Uint8Array): Uint8Array | undefined;
}

export const KNOWN_DIVERGENCES = {
  'srav-shift':
    'MIPS.sol 1.0.1 srav shifts by the whole rs (SE(rt >> rs, 32 - rs)); the 2024-08 audit fix (optimism#11503) masks the shift to 5 bits, as our VM does',
  'precompile-key':
    'PreimageOracle 1.0.0 keys precompile results by keccak(address ++ input); the VM key since 2024-08 is keccak(address ++ u64 requiredGas ++ input), which oracle 1.0.0 cannot produce',
  'fcntl-getfd':
    'singlethreaded-2 states answer fcntl F_GETFD (cmd 1); MIPS.sol 1.0.1 returns EINVAL for every cmd but F_GETFL',
} as const;
export type KnownDivergence = keyof typeof KNOWN_DIVERGENCES;

export type OnchainVerdict =
  /** MIPS.sol's post-state hash equals ours. */
  | { kind: 'match' }
  /** Differs (or cannot be decided on chain) for one of MIPS.sol 1.0.1's known reasons. */
  | { kind: 'known-divergence'; divergence: KnownDivergence }
  /** Differs with no known reason: a bug on one side. */
  | { kind: 'mismatch' }
  /** The step or the pre-image load reverted, or the part cannot be loaded at all. */
  | { kind: 'failed'; reason: string }
  /** The proof does not verify under our own verifier (a bad proof file). */
  | { kind: 'bad-proof'; reason: string };

export interface OnchainCheck {
  verdict: OnchainVerdict;
  step: number;
  /** Our verifier's post-state hash. */
  ours?: Uint8Array;
  /** MIPS.step's return value. */
  onchain?: Uint8Array;
  /** Gas of the MIPS.step transaction (intrinsic + execution). */
  stepGas?: bigint;
  /** The oracle call that loaded the part, and its gas. */
  load?: { method: string; gas: bigint };
  /** The decoded instruction at pc (for reports). */
  insn: number;
}

export interface OnchainOptions {
  localContext?: Uint8Array;
  lookup?: PreimageLookup;
}

const SPECIAL = 0;
const FN_SRAV = 0x07;
const FN_SYSCALL = 0x0c;
const SYS_FCNTL = 4055;
const F_GETFD = 1;

/** The instruction word at pc, read from the instruction proof's leaf. */
export function instructionOf(stateData: Uint8Array, proofData: Uint8Array): number {
  const w = decodeWitness(stateData);
  if (proofData.length < 32) return 0;
  const o = w.pc & 28;
  return ((proofData[o]! << 24) | (proofData[o + 1]! << 16) | (proofData[o + 2]! << 8) | proofData[o + 3]!) >>> 0;
}

/** Which known difference of MIPS.sol 1.0.1 this step can meet, if any. */
export function knownDivergenceOf(p: StepProof): KnownDivergence | undefined {
  if (p.stateData.length !== WITNESS_SIZE) return undefined;
  const w = decodeWitness(p.stateData);
  if (w.exited) return undefined;
  const insn = instructionOf(p.stateData, p.proofData);
  const op = insn >>> 26;
  const fn = insn & 0x3f;
  if (op === SPECIAL && fn === FN_SRAV && w.registers[(insn >>> 21) & 31]! >>> 0 >= 32) return 'srav-shift';
  if (op === SPECIAL && fn === FN_SYSCALL && w.registers[2]! >>> 0 === SYS_FCNTL && w.registers[5]! >>> 0 === F_GETFD)
    return 'fcntl-getfd';
  if (p.oracleKey && p.oracleKey[0] === KEY_TYPES.precompile.byte) return 'precompile-key';
  return undefined;
}

const ZERO32 = new Uint8Array(32);

/**
 * Loads the pre-image part a step reads (its key, the length-prefixed value and the offset)
 * into the oracle the way FaultDisputeGame's caller must. Throws `UnloadablePreimageError` for
 * a part oracle 1.0.0 cannot hold.
 */
export function loadPreimagePart(
  vm: OnchainMips,
  key: Uint8Array,
  value: Uint8Array,
  offset: number,
  options: OnchainOptions = {},
): { method: string; outcome: CallOutcome } {
  const data = value.subarray(8);
  const type = key[0];
  const atEnd = offset >= value.length;
  const eof = (what: string) =>
    new UnloadablePreimageError(
      `${what} read at offset ${offset} = the end of its ${data.length}-byte pre-image: oracle 1.0.0 refuses a part offset ≥ size + 8 (PartOffsetOOB)`,
    );
  switch (type) {
    case KEY_TYPES.local.byte:
      return {
        method: 'loadLocalData',
        outcome: vm.loadLocalData(bytesToBigInt(key), options.localContext ?? ZERO32, data, offset),
      };
    case KEY_TYPES.keccak256.byte:
      if (atEnd) throw eof('keccak256 pre-image');
      return { method: 'loadKeccak256PreimagePart', outcome: vm.loadKeccak256PreimagePart(offset, data) };
    case KEY_TYPES.sha256.byte:
      if (atEnd) throw eof('sha256 pre-image');
      return { method: 'loadSha256PreimagePart', outcome: vm.loadSha256PreimagePart(offset, data) };
    case KEY_TYPES.blob.byte: {
      const part = blobPreimagePart(key, data, options.lookup);
      return {
        method: 'loadBlobPreimagePart',
        outcome: vm.loadBlobPreimagePart(part.z, data, part.commitment, part.proof, offset),
      };
    }
    case KEY_TYPES.precompile.byte:
      throw new UnloadablePreimageError(`precompile key ${bytesToHex(key)}: ${KNOWN_DIVERGENCES['precompile-key']}`);
    default:
      throw new UnloadablePreimageError(`key type ${type} (${bytesToHex(key)}) has no load function in oracle 1.0.0`);
  }
}

/** Decides one step proof on chain (in our EVM) and compares with our verifier. */
export function checkStepOnchain(vm: OnchainMips, p: StepProof, options: OnchainOptions = {}): OnchainCheck {
  const insn = p.stateData.length === WITNESS_SIZE ? instructionOf(p.stateData, p.proofData) : 0;
  const base = { step: p.step, insn };
  let ours: Uint8Array;
  try {
    const r = checkStepProof(p);
    if (!r.ok) return { ...base, verdict: { kind: 'bad-proof', reason: r.reason ?? 'does not verify' } };
    ours = r.post;
  } catch (e) {
    return { ...base, verdict: { kind: 'bad-proof', reason: (e as Error).message } };
  }
  const known = knownDivergenceOf(p);
  let load: OnchainCheck['load'];
  if (p.oracleKey && p.oracleValue && p.oracleOffset !== undefined) {
    let loaded: ReturnType<typeof loadPreimagePart>;
    try {
      loaded = loadPreimagePart(vm, p.oracleKey, p.oracleValue, p.oracleOffset, options);
    } catch (e) {
      if (known === 'precompile-key')
        return { ...base, ours, verdict: { kind: 'known-divergence', divergence: known } };
      if (e instanceof UnloadablePreimageError)
        return { ...base, ours, verdict: { kind: 'failed', reason: e.message } };
      throw e;
    }
    load = { method: loaded.method, gas: loaded.outcome.gasUsed };
    if (!loaded.outcome.success)
      return { ...base, ours, load, verdict: { kind: 'failed', reason: `${loaded.method} ${loaded.outcome.error}` } };
  }
  const r = vm.step(p.stateData, p.proofData, options.localContext ?? ZERO32);
  const out: OnchainCheck = { ...base, ours, stepGas: r.gasUsed, verdict: { kind: 'match' } };
  if (load) out.load = load;
  if (!r.success || !r.post) {
    out.verdict = known
      ? { kind: 'known-divergence', divergence: known }
      : { kind: 'failed', reason: `MIPS.step ${r.error ?? 'failed'}` };
    return out;
  }
  out.onchain = r.post;
  if (!equalBytes(r.post, ours))
    out.verdict = known ? { kind: 'known-divergence', divergence: known } : { kind: 'mismatch' };
  return out;
}

/** One line per check, for the CLI and test failures. */
export function describeOnchainCheck(c: OnchainCheck): string {
  const insn = `insn=0x${c.insn.toString(16).padStart(8, '0')}`;
  const gas = c.stepGas !== undefined ? ` gas=${c.stepGas}` : '';
  const load = c.load ? ` ${c.load.method} gas=${c.load.gas}` : '';
  const v = c.verdict;
  switch (v.kind) {
    case 'match':
      return `ok step=${c.step} ${insn} post=${bytesToHex(c.onchain!)}${gas}${load}`;
    case 'known-divergence':
      return `KNOWN DIVERGENCE (${v.divergence}) step=${c.step} ${insn}: ${KNOWN_DIVERGENCES[v.divergence]}${
        c.onchain ? `; MIPS.sol ${bytesToHex(c.onchain)}, ours ${bytesToHex(c.ours!)}` : ''
      }`;
    case 'mismatch':
      return `MISMATCH step=${c.step} ${insn}: MIPS.sol ${bytesToHex(c.onchain!)}, ours ${bytesToHex(c.ours!)}${gas}${load}`;
    case 'failed':
      return `FAILED step=${c.step} ${insn}: ${v.reason}`;
    case 'bad-proof':
      return `BAD PROOF step=${c.step}: ${v.reason}`;
  }
}

/** keccak key of a pre-image's own key hash (where hosts store blob/precompile key pre-images). */
export function keccakSibling(key: Uint8Array): Uint8Array {
  const k = key.slice();
  k[0] = KEY_TYPES.keccak256.byte;
  return k;
}
