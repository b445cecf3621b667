/**
 * Contract code by keccak256 hash. In the fault-proof client code is a keccak pre-image like any
 * trie node, so the same oracle-backed source can serve both; `MemoryCodeStore` is the plain
 * in-memory store.
 */
import { bytesToHex } from '@faultline/primitives';

export interface CodeSource {
  get(codeHash: Uint8Array): Uint8Array | undefined;
}

export class MemoryCodeStore implements CodeSource {
  private readonly codes = new Map<string, Uint8Array>();

  get(codeHash: Uint8Array): Uint8Array | undefined {
    return this.codes.get(bytesToHex(codeHash));
  }

  put(codeHash: Uint8Array, code: Uint8Array): void {
    this.codes.set(bytesToHex(codeHash), code);
  }

  get size(): number {
    return this.codes.size;
  }
}
