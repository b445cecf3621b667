/**
 * Derivation errors. Every failure carries a `severity` that tells a pipeline driver what to do
 * (kona's `PipelineErrorKind`, op-node's `NewTemporaryError`/`NewResetError`/`NewCriticalError`):
 * `temporary` — drop the offending input (frame, channel, batch) and keep deriving;
 * `reset` — the pipeline's view of L1/L2 is inconsistent and must be rebuilt from a safe point;
 * `critical` — a broken invariant; derivation cannot continue.
 * Malformed batcher data is always `temporary`: it is the batcher's problem, never the verifier's.
 */
import { BaseError } from '@faultline/primitives';

export type Severity = 'temporary' | 'reset' | 'critical';

export abstract class DeriveError extends BaseError {
  abstract readonly severity: Severity;
}

/** Batcher-transaction data that is not a valid sequence of frames (derivation.md "Frame Format"). */
export class FrameParseError extends DeriveError {
  override name = 'FrameParseError' as const;
  readonly severity = 'temporary' as const;
  constructor(reason: string) {
    super(`frames: ${reason}`);
  }
}

export type BlobDecodeFailure = 'size' | 'field-element' | 'version' | 'length' | 'trailing-data';

/** A blob whose OP encoding is invalid; the spec says the whole blob is ignored (ecotone/derivation.md). */
export class BlobDecodeError extends DeriveError {
  override name = 'BlobDecodeError' as const;
  readonly severity = 'temporary' as const;
  constructor(
    readonly failure: BlobDecodeFailure,
    reason: string,
  ) {
    super(`blob: ${reason}`);
  }
}

/** Channel data that could not be (fully) decompressed. Batches decoded before the fault still count. */
export class ChannelDecompressError extends DeriveError {
  override name = 'ChannelDecompressError' as const;
  readonly severity = 'temporary' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`channel: ${reason}`, options);
  }
}

/** A batch that is not well-formed (RLP, batch type, span-batch layout, limits). */
export class BatchDecodeError extends DeriveError {
  override name = 'BatchDecodeError' as const;
  readonly severity = 'temporary' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`batch: ${reason}`, options);
  }
}

/** A well-formed span batch whose transactions cannot be rebuilt (unknown type, bad fields). */
export class SpanBatchDeriveError extends DeriveError {
  override name = 'SpanBatchDeriveError' as const;
  readonly severity = 'temporary' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`span batch: ${reason}`, options);
  }
}

/** The caller handed the derivation stages inconsistent L1/L2 context (op-node: ResetError). */
export class DeriveResetError extends DeriveError {
  override name = 'DeriveResetError' as const;
  readonly severity = 'reset' as const;
  constructor(reason: string) {
    super(`reset: ${reason}`);
  }
}

/** A broken internal invariant (op-node: CriticalError). */
export class DeriveCriticalError extends DeriveError {
  override name = 'DeriveCriticalError' as const;
  readonly severity = 'critical' as const;
  constructor(reason: string) {
    super(`critical: ${reason}`);
  }
}
