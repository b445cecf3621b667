/**
 * The one error base every Faultline package extends (viem's pattern): a literal `name`,
 * a short human message, structured details and an optional `cause`. Outcomes such as a
 * reverted call or an invalid claim are values, never errors; errors mean bad input or a
 * broken invariant.
 */
export type BaseErrorOptions = { cause?: unknown; details?: string };

export class BaseError extends Error {
  override name = 'BaseError';
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const message = options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** A value had the wrong size at a boundary: "key: expected 32 bytes, got 31". */
export class SizeError extends BaseError {
  override name = 'SizeError' as const;
  constructor(
    readonly what: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${what}: expected ${expected} bytes, got ${actual}`);
  }
}

/** A string that should be hex was not (odd length, bad character, missing prefix). */
export class InvalidHexError extends BaseError {
  override name = 'InvalidHexError' as const;
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`invalid hex ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}: ${reason}`);
  }
}

/** A number outside the range its type allows (u64, u256, …). */
export class IntegerRangeError extends BaseError {
  override name = 'IntegerRangeError' as const;
  constructor(
    readonly what: string,
    readonly value: bigint | number,
    readonly max: bigint | number,
  ) {
    super(`${what}: ${value} is outside 0..${max}`);
  }
}

/** A number that must be a non-negative safe integer (a JSON quantity) is not: "gas: 1.5 is not …". */
export class NotAnIntegerError extends BaseError {
  override name = 'NotAnIntegerError' as const;
  constructor(
    readonly what: string,
    readonly value: number,
  ) {
    super(`${what}: ${value} is not a non-negative integer`);
  }
}
