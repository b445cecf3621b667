/**
 * The L2 output root, version 0 (OP spec proposals.md "L2 Output Commitment Construction"):
 * `keccak256(version ++ stateRoot ++ messagePasserStorageRoot ++ blockHash)` where version is 32
 * zero bytes and the storage root is that of the L2ToL1MessagePasser predeploy.
 */
import { assertSize, BaseError, concatBytes, keccak256 } from '@faultline/primitives';

export const OUTPUT_VERSION_V0 = new Uint8Array(32);

export type OutputV0 = { stateRoot: Uint8Array; messagePasserStorageRoot: Uint8Array; blockHash: Uint8Array };

export function encodeOutputV0(output: OutputV0): Uint8Array {
  return concatBytes(
    OUTPUT_VERSION_V0,
    assertSize('stateRoot', output.stateRoot, 32),
    assertSize('messagePasserStorageRoot', output.messagePasserStorageRoot, 32),
    assertSize('blockHash', output.blockHash, 32),
  );
}

export function outputRootV0(output: OutputV0): Uint8Array {
  return keccak256(encodeOutputV0(output));
}

/** Parses the 128-byte output pre-image; only version 0 exists. */
export function decodeOutputV0(bytes: Uint8Array): OutputV0 {
  assertSize('output root pre-image', bytes, 128);
  for (let i = 0; i < 32; i++) {
    if (bytes[i] !== 0) throw new BaseError('output root: unsupported version (only version 0 is defined)');
  }
  return {
    stateRoot: bytes.slice(32, 64),
    messagePasserStorageRoot: bytes.slice(64, 96),
    blockHash: bytes.slice(96, 128),
  };
}
