/**
 * The typed failures of the pre-image protocol. A dead channel, a malformed frame and a
 * pre-image that does not hash to its key are all fatal to the client (op-program panics on
 * any oracle IO error), so each carries enough structure for a one-line diagnosis.
 */
import { BaseError } from '@faultline/primitives';

/** The other end closed the channel; `got` of `wanted` bytes had arrived for the current read. */
export class ChannelClosedError extends BaseError {
  override name = 'ChannelClosedError' as const;
  constructor(
    readonly channel: string,
    readonly got: number,
    readonly wanted: number,
  ) {
    super(
      got === 0
        ? `${channel}: channel closed by the other end`
        : `${channel}: channel closed mid-frame (got ${got} of ${wanted} bytes)`,
    );
  }
}

/** An OS-level read/write failure on a channel (other than end-of-file). */
export class ChannelIoError extends BaseError {
  override name = 'ChannelIoError' as const;
  constructor(
    readonly channel: string,
    readonly op: 'read' | 'write',
    cause: unknown,
  ) {
    super(`${channel}: ${op} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A frame that violates the wire format (bad key type, oversized length, non-zero ack). */
export class FramingError extends BaseError {
  override name = 'FramingError' as const;
}

/** A keccak-256 / sha-256 keyed pre-image whose hash does not match its key. */
export class PreimageMismatchError extends BaseError {
  override name = 'PreimageMismatchError' as const;
  constructor(
    readonly key: string,
    readonly actual: string,
  ) {
    super(`pre-image for key ${key} hashes to ${actual}`);
  }
}

/** The key type byte names no type this implementation knows. */
export class UnknownKeyTypeError extends BaseError {
  override name = 'UnknownKeyTypeError' as const;
  constructor(readonly typeByte: number) {
    super(`unsupported key type ${typeByte}`);
  }
}
