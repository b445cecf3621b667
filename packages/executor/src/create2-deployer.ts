/**
 * Canyon's one-off state change (canyon/overview.md, "Create2Deployer preinstall"): in the block
 * whose timestamp is exactly the Canyon activation time, the code of the Create2Deployer at
 * 0x13b0…beF2 is set, without touching its balance or nonce, before any system call or
 * transaction. The bytecode is identified by its code hash, a protocol constant; it is read
 * from the code source like any other pre-image (the host must serve it), so a chain state that
 * lacks it fails loudly with `MissingCodeError` rather than diverging silently.
 */
import type { AccountDiff, StateDiff } from '@faultline/evm';
import { hexToBytes } from '@faultline/primitives';
import { type CodeSource, MissingCodeError, type TrieState } from '@faultline/state';

export const CREATE2_DEPLOYER_ADDRESS = '0x13b0d85ccb8bf860b6b79af3029fca081ae9bef2';
export const CREATE2_DEPLOYER_CODE_HASH = hexToBytes(
  '0xb0550b5b431e30d38000efb7107aaa0ade03d48a7198a140edda9d27134468b2',
  32,
);

/** op-geth `EnsureCreate2Deployer`: only the block at exactly `canyonTime`. */
export function isCreate2DeployerBlock(canyonTime: bigint | undefined, timestamp: bigint): boolean {
  return canyonTime !== undefined && canyonTime === timestamp;
}

export function create2DeployerDiff(state: TrieState, code: CodeSource): StateDiff {
  const bytecode = code.get(CREATE2_DEPLOYER_CODE_HASH);
  if (bytecode === undefined) throw new MissingCodeError(CREATE2_DEPLOYER_CODE_HASH);
  const account = state.getAccount(CREATE2_DEPLOYER_ADDRESS);
  const diff: AccountDiff = {
    deleted: false,
    storageWiped: false,
    nonce: account?.nonce ?? 0n,
    balance: account?.balance ?? 0n,
    codeHash: CREATE2_DEPLOYER_CODE_HASH,
    code: bytecode,
    storage: new Map(),
  };
  return new Map([[CREATE2_DEPLOYER_ADDRESS, diff]]);
}
