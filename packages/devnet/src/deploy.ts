/**
 * Runs `@faultline/contracts`' deployment plan on the L1: one signed transaction per step, each
 * mined in its own block (so a failure names its step), contract addresses taken from the
 * receipts. A step that reverts is named with its revert data decoded against the contract's ABI,
 * and a failed initializer behind a proxy with the initializer's own reason: "L1 deployment:
 * initialize SystemConfigProxy reverted: Proxy: delegatecall to new implementation contract failed
 * (SystemConfig.initialize reverted: SystemConfig: gas limit too low)".
 */
import {
  type AbiValue,
  type DeployConfig,
  type DeployContext,
  type DeployStep,
  deployPlan,
  loadArtifact,
} from '@faultline/contracts';
import { BaseError, bytesToHex, hexToBytes } from '@faultline/primitives';
import { type L1Client, L1RpcError, type Wallet } from './l1-client.js';

export class DeploymentError extends BaseError {
  override name = 'DeploymentError' as const;
}

export interface DeployOptions {
  l1: L1Client;
  deployer: Wallet;
  config: DeployConfig;
  anchor: DeployContext['anchor'];
  /** Timestamp of the next block to mine; each step advances it by `blockTime`. */
  nextTimestamp: () => bigint;
  log?: (line: string) => void;
  /** Filled with each contract's address as it is deployed (the anchor callback may read it). */
  addresses?: Record<string, string>;
}

export interface DeployResult {
  addresses: Record<string, string>;
  /** Block number of each step's transaction, by name or label. */
  blocks: Record<string, bigint>;
}

export async function deployContracts(options: DeployOptions): Promise<DeployResult> {
  const { l1, deployer } = options;
  const addresses: Record<string, string> = options.addresses ?? {};
  const blocks: Record<string, bigint> = {};
  const ctx: DeployContext = {
    address: (name) => {
      const a = addresses[name];
      if (!a) throw new DeploymentError(`L1 deployment: ${name} is not deployed yet`);
      return a;
    },
    anchor: options.anchor,
  };
  for (const step of deployPlan(options.config)) {
    const what = step.kind === 'create' ? `deploy ${step.name}` : step.label;
    const to = step.kind === 'create' ? undefined : ctx.address(step.target);
    const args = await step.args(ctx);
    const data = step.kind === 'create' ? step.artifact.encodeDeploy(args) : step.artifact.encodeCall(step.fn, args);
    let hash: string;
    try {
      hash = await deployer.send(l1, { to, data, value: step.kind === 'call' ? (step.value ?? 0n) : 0n });
    } catch (e) {
      throw new DeploymentError(
        `L1 deployment: ${what} ${describe(step, e)}${await initializerReason(l1, step, args)}`,
      );
    }
    const block = await l1.mine(options.nextTimestamp());
    const receipt = await l1.receipt(hash);
    if (!receipt) throw new DeploymentError(`L1 deployment: ${what}: transaction ${hash} was not mined`);
    blocks[step.kind === 'create' ? step.name : step.label] = block.header.number;
    if (receipt.status !== '0x1') {
      throw new DeploymentError(
        `L1 deployment: ${what} ${await revertReason(l1, step, to, data, block.header.number)}`,
      );
    }
    if (step.kind === 'create') {
      const address = receipt.contractAddress;
      if (typeof address !== 'string') throw new DeploymentError(`L1 deployment: ${what}: no contract address`);
      addresses[step.name] = address.toLowerCase();
      options.log?.(`  ${step.name.padEnd(26)} ${address.toLowerCase()}`);
    }
  }
  return { addresses, blocks };
}

function describe(step: DeployStep, e: unknown): string {
  if (e instanceof L1RpcError && e.data) return step.artifact.describeRevert(hexToBytes(e.data));
  return `failed: ${(e as Error).message}`;
}

/**
 * Proxy.upgradeToAndCall hides the initializer's own revert behind "Proxy: delegatecall to new
 * implementation contract failed". To name it, the initializer is replayed as an eth_call on the
 * proxy with the implementation's code put in its place (a state override; the proxy's storage,
 * still uninitialized, is kept), from the ProxyAdmin as the real call comes.
 */
async function initializerReason(l1: L1Client, step: DeployStep, args: AbiValue[]): Promise<string> {
  if (step.kind !== 'call' || step.fn !== 'upgradeAndCall') return '';
  const [proxy, impl, inner] = args as [string, string, Uint8Array];
  try {
    const code = await l1.call<string>('eth_getCode', [impl, 'latest']);
    await l1.call('eth_call', [{ to: proxy, data: bytesToHex(inner) }, 'latest', { [proxy]: { code } }]);
    return '';
  } catch (e) {
    if (e instanceof L1RpcError && e.data) {
      const name = step.label.replace(/^initialize /, '').replace(/Proxy$/, '');
      return ` (${name}.initialize ${loadArtifact(name === 'OptimismPortal' ? 'OptimismPortal2' : name).describeRevert(hexToBytes(e.data))})`;
    }
    return '';
  }
}

/** Replays a failed transaction as a call on the state before its block to read the revert data. */
async function revertReason(
  l1: L1Client,
  step: DeployStep,
  to: string | undefined,
  data: Uint8Array,
  block: bigint,
): Promise<string> {
  try {
    await l1.call('eth_call', [{ ...(to ? { to } : {}), data: bytesToHex(data) }, `0x${(block - 1n).toString(16)}`]);
    return 'failed (out of gas?)';
  } catch (e) {
    if (e instanceof L1RpcError && e.data) return step.artifact.describeRevert(hexToBytes(e.data));
    return `reverted (${(e as Error).message})`;
  }
}
