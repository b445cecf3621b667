/**
 * Typed failures of OP block building. A payload that cannot be built (an invalid forced
 * transaction, a gas limit overrun, a missing ancestor hash) is a value the caller reports, never
 * a crash: in the fault-proof client it means the claimed block is invalid.
 */
import { BaseError } from '@faultline/primitives';

export class BlockBuildError extends BaseError {
  override name = 'BlockBuildError' as const;
}

/** The payload's transaction at `index` cannot be included (op-geth refuses the whole payload). */
export class InvalidBlockTransactionError extends BaseError {
  override name = 'InvalidBlockTransactionError' as const;
  constructor(
    readonly index: number,
    reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`transaction ${index}: ${reason}`, options);
  }
}
