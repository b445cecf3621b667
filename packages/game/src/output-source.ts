/**
 * L2 output roots as the challenger uses them in the output half of the game, recomputed from
 * the L2 node's raw data rather than taken from it: the block header (re-hashed to the block hash
 * the node names), the L2ToL1MessagePasser's storage root proven against the header's state root
 * with `eth_getProof` (EIP-1186, checked with our own trie code), and the output root
 * `keccak(0 ++ stateRoot ++ storageRoot ++ blockHash)` (OP spec "L2 Output Root"). When the node
 * also answers `optimism_outputAtBlock`, a different answer there is a lying node and an error; a
 * rollup node given separately (op-challenger's `--rollup-rpc`) must answer it, and agree.
 * Whether the L2 chain itself is the one L1 derives is what the fault-proof program decides
 * (`native-check.ts`); this only makes sure the node's numbers are the chain it serves.
 */
import type { RpcClient } from '@faultline/host';
import {
  BaseError,
  bytesToHex,
  equalBytes,
  hexToBytes,
  keccak256,
  rlpBytes,
  rlpDecode,
  rlpList,
} from '@faultline/primitives';
import { headerFromJson, headerHash, outputRootV0 } from '@faultline/protocol';
import { verifyProof } from '@faultline/trie';

export class OutputSourceError extends BaseError {
  override name = 'OutputSourceError' as const;
}

export const MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';

export interface L2Output {
  blockNumber: bigint;
  blockHash: Uint8Array;
  stateRoot: Uint8Array;
  messagePasserStorageRoot: Uint8Array;
  root: Uint8Array;
}

type Json = Record<string, unknown>;

export class L2OutputSource {
  private readonly cache = new Map<bigint, L2Output>();
  /** `rollup`: the op-node whose `optimism_outputAtBlock` must agree (default: ask `l2`, if it serves it). */
  constructor(
    readonly l2: RpcClient,
    readonly rollup?: RpcClient,
  ) {}

  async outputAt(n: bigint): Promise<L2Output> {
    const hit = this.cache.get(n);
    if (hit) return hit;
    const what = `L2 block ${n}`;
    const json = await this.l2.call<Json | null>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
    if (!json) throw new OutputSourceError(`${what}: the L2 node does not have it`);
    let header: ReturnType<typeof headerFromJson>;
    try {
      header = headerFromJson(json);
    } catch (e) {
      throw new OutputSourceError(`${what}: malformed header from the L2 node: ${(e as Error).message}`);
    }
    const hash = headerHash(header);
    if (typeof json.hash !== 'string' || !equalBytes(hexToBytes(json.hash), hash))
      throw new OutputSourceError(
        `${what}: the L2 node's block hash ${json.hash} is not its header's ${bytesToHex(hash)}`,
      );
    if (header.number !== n) throw new OutputSourceError(`${what}: the L2 node answered block ${header.number}`);
    const proof = await this.l2.call<Json>('eth_getProof', [MESSAGE_PASSER, [], bytesToHex(hash)]);
    const storageRoot = hexToBytes(String(proof.storageHash), 32);
    const nodes = (proof.accountProof as string[]).map((h) => hexToBytes(h));
    let account: Uint8Array | undefined;
    try {
      account = verifyProof(header.stateRoot, keccak256(hexToBytes(MESSAGE_PASSER)), nodes);
    } catch (e) {
      throw new OutputSourceError(
        `${what}: the message passer's account proof does not verify: ${(e as Error).message}`,
      );
    }
    if (!account)
      throw new OutputSourceError(`${what}: the message passer is absent from the state (proof of absence)`);
    const fields = rlpList(rlpDecode(account), 'account');
    if (!equalBytes(rlpBytes(fields[2], 'storage root'), storageRoot))
      throw new OutputSourceError(`${what}: eth_getProof's storageHash is not the proven account's storage root`);
    const root = outputRootV0({ stateRoot: header.stateRoot, messagePasserStorageRoot: storageRoot, blockHash: hash });
    await this.crossCheck(n, root);
    const out = {
      blockNumber: n,
      blockHash: hash,
      stateRoot: header.stateRoot,
      messagePasserStorageRoot: storageRoot,
      root,
    };
    this.cache.set(n, out);
    return out;
  }

  /** A node that also serves `optimism_outputAtBlock` (and the rollup node, if given) must agree with the recomputation. */
  private async crossCheck(n: bigint, root: Uint8Array): Promise<void> {
    let said: Json | null;
    const who = this.rollup ? 'the rollup node' : 'the L2 node';
    try {
      said = await (this.rollup ?? this.l2).call<Json | null>('optimism_outputAtBlock', [`0x${n.toString(16)}`]);
    } catch (e) {
      if (!this.rollup) return; // not every L2 node serves the optimism namespace
      throw new OutputSourceError(`L2 block ${n}: ${who}'s optimism_outputAtBlock failed: ${(e as Error).message}`);
    }
    const text = said && typeof said.outputRoot === 'string' ? said.outputRoot : undefined;
    if (text === undefined) {
      if (this.rollup) throw new OutputSourceError(`L2 block ${n}: ${who}'s optimism_outputAtBlock has no outputRoot`);
      return;
    }
    let said32: Uint8Array | undefined;
    try {
      said32 = hexToBytes(text, 32);
    } catch {
      said32 = undefined;
    }
    if (!said32 || !equalBytes(said32, root))
      throw new OutputSourceError(
        `L2 block ${n}: ${who}'s optimism_outputAtBlock says ${text}, the L2 node's block data give ${bytesToHex(root)} — the RPC lies`,
      );
  }
}
