/**
 * The client end of the pre-image oracle (op-preimage `OracleClient`): write the 32-byte key,
 * read the uint64 BE length, read the value. Hash-keyed values are verified here too, so a
 * lying or buggy host is caught at the boundary instead of corrupting the proof.
 */
import { checkKeyFrame, decodePreimageLength, ORACLE_LENGTH_SIZE } from './framing.js';
import type { SyncChannel } from './sync-channel.js';
import { verifyPreimage } from './verify.js';

export interface OracleClientOptions {
  /** Check keccak-256 / sha-256 values against their keys (default true). */
  verify?: boolean;
}

export class OracleClient {
  private readonly verify: boolean;
  requests = 0;
  bytesRead = 0;

  constructor(
    private readonly channel: SyncChannel,
    options: OracleClientOptions = {},
  ) {
    this.verify = options.verify ?? true;
  }

  /** The value stored under `key`; a missing value means the host failed, which is fatal. */
  get(key: Uint8Array): Uint8Array {
    checkKeyFrame(key);
    this.channel.writeAll(key);
    const length = decodePreimageLength(this.channel.readExact(ORACLE_LENGTH_SIZE));
    const value = length === 0 ? new Uint8Array(0) : this.channel.readExact(length);
    if (this.verify) verifyPreimage(key, value);
    this.requests++;
    this.bytesRead += length;
    return value;
  }
}
