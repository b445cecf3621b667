import { keccak256 } from '@faultline/primitives';
import { MemoryCodeStore, MissingCodeError, TrieState } from '@faultline/state';
import { describe, expect, it } from 'vitest';
import {
  CREATE2_DEPLOYER_ADDRESS,
  CREATE2_DEPLOYER_CODE_HASH,
  create2DeployerDiff,
  isCreate2DeployerBlock,
} from './create2-deployer.js';

describe('Canyon Create2Deployer preinstall', () => {
  it('applies only at exactly the Canyon activation time', () => {
    expect(isCreate2DeployerBlock(100n, 100n)).toBe(true);
    expect(isCreate2DeployerBlock(100n, 102n)).toBe(false);
    expect(isCreate2DeployerBlock(100n, 98n)).toBe(false);
    expect(isCreate2DeployerBlock(undefined, 100n)).toBe(false);
  });

  it('fails loudly when the code pre-image is not served', () => {
    expect(() => create2DeployerDiff(new TrieState(), new MemoryCodeStore())).toThrow(MissingCodeError);
  });

  it('sets the code under the protocol code hash and keeps balance and nonce', () => {
    const state = new TrieState();
    state.commit(
      new Map([
        [
          CREATE2_DEPLOYER_ADDRESS,
          {
            deleted: false,
            storageWiped: false,
            nonce: 3n,
            balance: 9n,
            codeHash: keccak256(new Uint8Array(0)),
            storage: new Map(),
          },
        ],
      ]),
    );
    const code = new MemoryCodeStore();
    const bytecode = Uint8Array.of(0x60, 0x00);
    code.put(CREATE2_DEPLOYER_CODE_HASH, bytecode);
    state.commit(create2DeployerDiff(state, code));
    expect(state.getAccount(CREATE2_DEPLOYER_ADDRESS)).toEqual({
      nonce: 3n,
      balance: 9n,
      codeHash: CREATE2_DEPLOYER_CODE_HASH,
    });
    expect(state.getCode(CREATE2_DEPLOYER_CODE_HASH)).toEqual(bytecode);
  });
});
