/**
 * The client's typed failures. Every one of them is fatal (exit 2): a missing or malformed
 * pre-image means the host cannot support the proof, and op-program panics in that case rather
 * than guess. An invalid claim is not an error — it is an outcome value (see `claim.ts`).
 */
import { BaseError } from '@faultline/primitives';

/** Boot info (local keys 1–7) is missing, the wrong size, or names an unknown chain. */
export class BootInfoError extends BaseError {
  override name = 'BootInfoError' as const;
}

/** A pre-image arrived but does not have the shape its key promises (e.g. an OutputV0 of 96 bytes). */
export class OracleDataError extends BaseError {
  override name = 'OracleDataError' as const;
}

/** The program was asked for something this build cannot do yet (e.g. derive past the agreed head). */
export class UnsupportedError extends BaseError {
  override name = 'UnsupportedError' as const;
}
