/**
 * The devnet's view of its L1 (anvil): JSON-RPC calls with the node's error data kept (a revert's
 * bytes are decoded against the contract's ABI), blocks mined at chosen timestamps, and wallets
 * that sign EIP-1559 transactions themselves (protocol's encoding, noble's secp256k1) and wait for
 * their receipts. Every answer that the devnet builds on is parsed strictly (protocol
 * `headerFromJson`, host `receiptFromJson`); a malformed one is an `L1Error` naming the method.
 */
import { receiptFromJson, transactionFromJson } from '@faultline/host';
import { BaseError, bytesToHex, hexToBytes, keccak256, parseQuantity } from '@faultline/primitives';
import {
  type Eip1559Transaction,
  encodeTransaction,
  type Header,
  headerFromJson,
  headerHash,
  type Receipt,
  signingHash,
} from '@faultline/protocol';
import { secp256k1 } from '@noble/curves/secp256k1.js';

export type Json = Record<string, unknown>;

export class L1Error extends BaseError {
  override name = 'L1Error' as const;
}

/** A JSON-RPC error with the node's `data` (revert bytes for eth_call / eth_estimateGas). */
export class L1RpcError extends L1Error {
  constructor(
    readonly method: string,
    message: string,
    readonly code: number | undefined,
    readonly data: string | undefined,
  ) {
    super(`L1 ${method}: ${message}`);
  }
}

export interface L1Block {
  hash: Uint8Array;
  header: Header;
  /** Transaction hashes, in block order. */
  transactions: string[];
}

const GWEI = 1_000_000_000n;

export class L1Client {
  private id = 0;
  constructor(
    readonly url: string,
    readonly chainId: bigint,
  ) {}

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new L1RpcError(method, `request failed: ${(e as Error).message}`, undefined, undefined);
    }
    let body: { result?: T; error?: { code?: number; message?: string; data?: unknown } };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new L1RpcError(method, `HTTP ${res.status}, not JSON`, undefined, undefined);
    }
    if (body.error) {
      const data = typeof body.error.data === 'string' ? body.error.data : undefined;
      throw new L1RpcError(method, body.error.message ?? 'error', body.error.code, data);
    }
    if (!('result' in body)) throw new L1RpcError(method, 'neither result nor error', undefined, undefined);
    return body.result as T;
  }

  /** Mines one block at `timestamp` holding the pending transactions; returns it. */
  async mine(timestamp: bigint): Promise<L1Block> {
    await this.call('evm_mine', [Number(timestamp)]);
    const block = await this.blockByNumber('latest');
    if (block.header.timestamp !== timestamp)
      throw new L1Error(`anvil mined a block at ${block.header.timestamp}, expected ${timestamp}`);
    return block;
  }

  async blockByNumber(tag: bigint | 'latest'): Promise<L1Block> {
    const id = tag === 'latest' ? tag : `0x${tag.toString(16)}`;
    const json = await this.call<Json | null>('eth_getBlockByNumber', [id, false]);
    if (json === null) throw new L1Error(`L1 block ${tag} not found`);
    return parseBlock(json, `L1 block ${tag}`);
  }

  /** The block's transactions, re-encoded from JSON and checked against their hashes. */
  async transactions(blockHash: Uint8Array): Promise<Uint8Array[]> {
    const json = await this.call<Json | null>('eth_getBlockByHash', [bytesToHex(blockHash), true]);
    const list = json?.transactions;
    if (!Array.isArray(list)) throw new L1Error(`L1 block ${bytesToHex(blockHash)}: no transaction list`);
    return list.map((t: Json, i) => {
      const raw = encodeTransaction(transactionFromJson(t, `L1 tx[${i}]`));
      if (bytesToHex(keccak256(raw)) !== t.hash) throw new L1Error(`L1 tx[${i}] ${t.hash} re-encodes to another hash`);
      return raw;
    });
  }

  async receipts(blockHash: Uint8Array): Promise<Receipt[]> {
    const list = await this.call<Json[] | null>('eth_getBlockReceipts', [bytesToHex(blockHash)]);
    if (!Array.isArray(list)) throw new L1Error(`L1 eth_getBlockReceipts ${bytesToHex(blockHash)}: not an array`);
    return list.map((r, i) => receiptFromJson(r, `L1 receipt[${i}]`));
  }

  async receipt(hash: string): Promise<Json | null> {
    return this.call<Json | null>('eth_getTransactionReceipt', [hash]);
  }

  /** eth_call at `block`; a revert is an L1RpcError carrying the revert data. */
  async ethCall(to: string, data: Uint8Array, block: bigint | 'latest' = 'latest'): Promise<Uint8Array> {
    const tag = block === 'latest' ? block : `0x${block.toString(16)}`;
    return hexToBytes(await this.call<string>('eth_call', [{ to, data: bytesToHex(data) }, tag]));
  }

  async baseFee(): Promise<bigint> {
    return (await this.blockByNumber('latest')).header.baseFeePerGas ?? GWEI;
  }
}

function parseBlock(json: Json, what: string): L1Block {
  try {
    const header = headerFromJson(json);
    const hash = headerHash(header);
    if (typeof json.hash === 'string' && json.hash.toLowerCase() !== bytesToHex(hash))
      throw new L1Error(`${what}: header fields hash to ${bytesToHex(hash)}, node says ${json.hash}`);
    const txs = Array.isArray(json.transactions) ? (json.transactions as unknown[]) : [];
    return { hash, header, transactions: txs.map((t) => (typeof t === 'string' ? t : String((t as Json).hash))) };
  } catch (e) {
    if (e instanceof L1Error) throw e;
    throw new L1Error(`${what}: malformed block: ${(e as Error).message}`);
  }
}

export interface TxRequest {
  to: string | undefined;
  data: Uint8Array;
  value?: bigint;
  /** Gas limit; default: eth_estimateGas plus a margin. */
  gas?: bigint;
}

/** An L1 account the devnet signs for (deployer, batcher, proposer, users). */
export class Wallet {
  readonly address: string;
  private nonce: bigint | undefined;

  constructor(
    readonly label: string,
    private readonly privateKey: Uint8Array,
  ) {
    const pub = secp256k1.getPublicKey(privateKey, false);
    this.address = bytesToHex(keccak256(pub.subarray(1)).subarray(12));
  }

  /** Signs and sends; returns the transaction hash (it is mined by the next `L1Client.mine`). */
  async send(l1: L1Client, req: TxRequest): Promise<string> {
    this.nonce ??= parseQuantity(await l1.call<string>('eth_getTransactionCount', [this.address, 'pending']));
    const value = req.value ?? 0n;
    let gas = req.gas;
    if (gas === undefined) {
      const estimate = await l1.call<string>('eth_estimateGas', [
        {
          from: this.address,
          ...(req.to ? { to: req.to } : {}),
          data: bytesToHex(req.data),
          value: `0x${value.toString(16)}`,
        },
      ]);
      gas = (parseQuantity(estimate) * 12n) / 10n + 50_000n;
    }
    const baseFee = await l1.baseFee();
    const raw = this.signTransaction({
      chainId: l1.chainId,
      nonce: this.nonce,
      to: req.to,
      value,
      data: req.data,
      gas,
      maxFeePerGas: 2n * baseFee + GWEI,
      maxPriorityFeePerGas: GWEI,
    });
    const hash = await l1.call<string>('eth_sendRawTransaction', [bytesToHex(raw)]);
    this.nonce++;
    return hash;
  }

  /** A signed EIP-1559 transaction for any chain (the devnet's L2 users sign with this too). */
  signTransaction(tx: {
    chainId: bigint;
    nonce: bigint;
    to: string | undefined;
    value: bigint;
    data: Uint8Array;
    gas: bigint;
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
  }): Uint8Array {
    const unsigned: Eip1559Transaction = {
      type: 0x02,
      chainId: tx.chainId,
      nonce: tx.nonce,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      maxFeePerGas: tx.maxFeePerGas,
      gasLimit: tx.gas,
      to: tx.to === undefined ? null : hexToBytes(tx.to, 20),
      value: tx.value,
      data: tx.data,
      accessList: [],
      yParity: 0n,
      r: 0n,
      s: 0n,
    };
    return encodeTransaction({ ...unsigned, ...this.sign(signingHash(unsigned)) });
  }

  sign(hash: Uint8Array): { yParity: bigint; r: bigint; s: bigint } {
    const sig = secp256k1.Signature.fromBytes(
      secp256k1.sign(hash, this.privateKey, { prehash: false, format: 'recovered' }),
      'recovered',
    );
    return { yParity: BigInt(sig.recovery ?? 0), r: sig.r, s: sig.s };
  }

  /** Forgets the cached nonce (after a transaction was dropped). */
  resetNonce(): void {
    this.nonce = undefined;
  }
}

/** A deterministic devnet key: keccak256 of a label (test keys only — never for anything of value). */
export function devnetWallet(label: string): Wallet {
  return new Wallet(label, keccak256(new TextEncoder().encode(`faultline/devnet/${label}`)));
}
