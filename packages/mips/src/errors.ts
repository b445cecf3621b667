/**
 * Typed failures of the MIPS package. A program exiting (any code) is an outcome, not an
 * error; these mean the VM cannot continue (invalid instruction, branch in a delay slot, a bad
 * pre-image read) or that input (ELF, state file, proof) is malformed.
 */
import { BaseError } from '@faultline/primitives';

const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
/** An address: 8 hex digits below 2^32 (MIPS32), 16 above (a 64-bit pc, exact below 2^53). */
const hexAddr = (n: number) => (n < 2 ** 32 ? hex32(n) : `0x${n.toString(16).padStart(16, '0')}`);

/** The program did something Cannon refuses to execute; the step cannot be proven. */
export class MipsExecutionError extends BaseError {
  override name = 'MipsExecutionError' as const;
  constructor(
    readonly reason: string,
    readonly pc: number,
    readonly insn: number,
    readonly step: number,
  ) {
    super(`${reason} at pc ${hexAddr(pc)} (insn ${hex32(insn)}, step ${step})`);
  }
}

export class ElfError extends BaseError {
  override name = 'ElfError' as const;
}

export class StateFormatError extends BaseError {
  override name = 'StateFormatError' as const;
}

/**
 * A binary state whose version byte no VM here reads, or one that is read but not run (older
 * multithreaded versions). `version` is the byte found.
 */
export class StateVersionError extends BaseError {
  override name = 'StateVersionError' as const;
  constructor(
    readonly version: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export class ProofError extends BaseError {
  override name = 'ProofError' as const;
}

/** A meta.json that is not `{"symbols":[{"name","start","size"}, …]}`. */
export class MetadataError extends BaseError {
  override name = 'MetadataError' as const;
}

/** Page data of a state.json that is not valid base64 (RFC 4648 §4). */
export class Base64Error extends BaseError {
  override name = 'Base64Error' as const;
}

export class HostError extends BaseError {
  override name = 'HostError' as const;
}

export { hex32 };
