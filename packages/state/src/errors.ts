/**
 * Typed state failures. Missing code, like a missing trie node, means the backing source lacks a
 * pre-image: fatal inside the fault-proof client (op-program), a fetch-and-retry in a host.
 */
import { BaseError, bytesToHex } from '@faultline/primitives';

/** Code for a hash some account references is not in the `CodeSource`. */
export class MissingCodeError extends BaseError {
  override name = 'MissingCodeError' as const;
  constructor(readonly codeHash: Uint8Array) {
    super(`state: missing code ${bytesToHex(codeHash)}`);
  }
}

/** A value in the account or storage trie is not a valid encoding. */
export class InvalidAccountError extends BaseError {
  override name = 'InvalidAccountError' as const;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`state: invalid account: ${reason}`, options);
  }
}
