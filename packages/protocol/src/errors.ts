/**
 * Typed errors of the protocol package. Transaction failures carry a `code` so callers (the
 * executor, the TransactionTests runner) can tell a malformed encoding from a rule violation
 * without parsing messages; the message itself names the field and the exact problem.
 */
import { BaseError } from '@faultline/primitives';

export type TransactionErrorCode =
  | 'MALFORMED' // not decodable as the envelope / RLP shape the type requires
  | 'LEADING_ZEROS' // a non-canonical integer
  | 'FIELD_TOO_LONG' // an integer wider than its type (u64 / u256)
  | 'BAD_SIZE' // fixed-size byte field (address, hash) of the wrong length
  | 'FIELD_COUNT'
  | 'TYPE_NOT_SUPPORTED'
  | 'INVALID_SIGNATURE'
  | 'INVALID_CHAIN_ID'
  | 'RECOVERY_FAILED'
  | 'INTRINSIC_GAS_TOO_LOW'
  | 'NONCE_TOO_BIG'
  | 'GAS_LIMIT_TOO_BIG'
  | 'FEE_CAP_OVERFLOW'
  | 'PRIORITY_ABOVE_MAX_FEE'
  | 'INITCODE_TOO_LARGE'
  | 'BLOB_TX_INVALID'
  | 'SET_CODE_TX_INVALID';

export class TransactionError extends BaseError {
  override name = 'TransactionError' as const;
  constructor(
    readonly code: TransactionErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`transaction: ${message}`, options);
  }
}

export class HeaderError extends BaseError {
  override name = 'HeaderError' as const;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`header: ${message}`, options);
  }
}

export class ReceiptError extends BaseError {
  override name = 'ReceiptError' as const;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`receipt: ${message}`, options);
  }
}

export class ConfigError extends BaseError {
  override name = 'ConfigError' as const;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(`config: ${message}`, options);
  }
}

export class L1InfoError extends BaseError {
  override name = 'L1InfoError' as const;
  constructor(message: string) {
    super(`l1 info: ${message}`);
  }
}
