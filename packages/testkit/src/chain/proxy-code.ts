/**
 * A minimal ERC-1967 proxy for the generated chain's predeploys, written here in EVM assembly
 * (OP's Proxy.sol is not copied). It keeps what the network-upgrade deposits rely on: a call of
 * `upgradeTo(address)` (0x3659cfe6) from the zero address — the sender of every proxy-update
 * deposit (ecotone/ … jovian/derivation.md) — writes the implementation slot; every other call
 * is delegated to the implementation with its calldata, and its return data or revert is passed
 * back. With the real upgrade transactions executed against these proxies, the generated chain
 * crosses Isthmus, Jovian and Karst the way OP chains do: new implementations are deployed and
 * switched in the activation block, and storage stays in the proxy.
 */
import { bytesToHex, concatBytes, hexToBytes } from '@faultline/primitives';

/** ERC-1967 implementation slot: bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1). */
export const IMPLEMENTATION_SLOT = hexToBytes('0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc');

const op = {
  STOP: 0x00,
  LT: 0x10,
  EQ: 0x14,
  ISZERO: 0x15,
  SHR: 0x1c,
  CALLER: 0x33,
  CALLDATALOAD: 0x35,
  CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37,
  RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMPI: 0x57,
  GAS: 0x5a,
  JUMPDEST: 0x5b,
  PUSH0: 0x5f,
  PUSH1: 0x60,
  PUSH4: 0x63,
  PUSH32: 0x7f,
  DELEGATECALL: 0xf4,
  RETURN: 0xf3,
  REVERT: 0xfd,
} as const;

const slot = () => [op.PUSH32, ...IMPLEMENTATION_SLOT];

/** Runtime code; the jump targets are byte offsets, checked by `proxy-code.test.ts`. */
export function proxyRuntimeCode(): Uint8Array {
  const FORWARD: number = 0x40;
  const RETURN: number = 0x77;
  // biome-ignore format: one instruction with its immediate per group reads like assembly
  const code: number[] = [
    // if calldatasize < 4: forward
    op.PUSH1, 0x04, op.CALLDATASIZE, op.LT, op.PUSH1, FORWARD, op.JUMPI,
    // if selector != upgradeTo(address): forward
    op.PUSH0, op.CALLDATALOAD, op.PUSH1, 0xe0, op.SHR, op.PUSH4, 0x36, 0x59, 0xcf, 0xe6, op.EQ, op.ISZERO,
    op.PUSH1, FORWARD, op.JUMPI,
    // if caller != 0: forward
    op.CALLER, op.PUSH1, FORWARD, op.JUMPI,
    // sstore(IMPLEMENTATION_SLOT, calldataload(4)); stop
    op.PUSH1, 0x04, op.CALLDATALOAD, ...slot(), op.SSTORE, op.STOP,
  ];
  if (code.length !== FORWARD) throw new Error(`proxy: forward label at ${code.length}`);
  // biome-ignore format: as above
  code.push(
    op.JUMPDEST,
    // calldatacopy(0, 0, calldatasize)
    op.CALLDATASIZE, op.PUSH0, op.PUSH0, op.CALLDATACOPY,
    // delegatecall(gas, sload(slot), 0, calldatasize, 0, 0)
    op.PUSH0, op.PUSH0, op.CALLDATASIZE, op.PUSH0, ...slot(), op.SLOAD, op.GAS, op.DELEGATECALL,
    // returndatacopy(0, 0, returndatasize)
    op.RETURNDATASIZE, op.PUSH0, op.PUSH0, op.RETURNDATACOPY,
    op.PUSH1, RETURN, op.JUMPI,
    op.RETURNDATASIZE, op.PUSH0, op.REVERT,
  );
  if (code.length !== RETURN) throw new Error(`proxy: return label at ${code.length}`);
  code.push(op.JUMPDEST, op.RETURNDATASIZE, op.PUSH0, op.RETURN);
  return Uint8Array.from(code);
}

/** The implementation slot's storage entry for `implementation` (genesis alloc form). */
export function implementationStorage(implementation: Uint8Array): Record<string, string> {
  return { [bytesToHex(IMPLEMENTATION_SLOT)]: bytesToHex(concatBytes(new Uint8Array(12), implementation)) };
}
