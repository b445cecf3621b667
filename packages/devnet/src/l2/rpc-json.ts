/**
 * Ethereum JSON-RPC object shapes (execution-apis `schemas/block.yaml`, `transaction.yaml`,
 * `receipt.yaml`; OP deposit fields from the OP spec's deposits.md and op-geth's RPC): quantities
 * are minimal 0x-hex, data is 0x-hex of exact length, addresses lower case. Blocks carry every
 * header field under its JSON name (`sha3Uncles`, `miner`), so a client can re-hash the header;
 * deposit transactions carry `sourceHash`, `mint`, `isSystemTx` and their receipts `depositNonce`
 * and `depositReceiptVersion`.
 */
import { bytesToHex, createAddress, type Hex, hexToBytes, keccak256 } from '@faultline/primitives';
import { decodeTransaction, encodeHeader, type Receipt, type Transaction } from '@faultline/protocol';
import type { L2Block } from './chain.js';

export type JsonObject = Record<string, unknown>;

export const qty = (v: bigint | number): Hex => `0x${BigInt(v).toString(16)}` as Hex;
const hex = bytesToHex;

export interface TxLocation {
  block: L2Block;
  index: number;
}

export function transactionToJson(raw: Uint8Array, where: TxLocation): JsonObject {
  const tx: Transaction = decodeTransaction(raw);
  const outcome = where.block.outcomes[where.index];
  const base: JsonObject = {
    blockHash: hex(where.block.hash),
    blockNumber: qty(where.block.header.number),
    transactionIndex: qty(where.index),
    hash: hex(keccak256(raw)),
    from: outcome?.sender.toLowerCase() ?? null,
    type: qty(tx.type),
    to: tx.to === null ? null : hex(tx.to),
    value: qty(tx.value),
    input: hex(tx.data),
    gas: qty(tx.gasLimit),
  };
  if (tx.type === 0x7e) {
    return {
      ...base,
      sourceHash: hex(tx.sourceHash),
      mint: qty(tx.mint),
      isSystemTx: tx.isSystemTx,
      nonce: qty(where.block.receipts[where.index]?.depositNonce ?? 0n),
      gasPrice: '0x0',
      v: '0x0',
      r: '0x0',
      s: '0x0',
    };
  }
  const sig = { r: qty(tx.r), s: qty(tx.s) };
  if (tx.type === 0x00) return { ...base, nonce: qty(tx.nonce), gasPrice: qty(tx.gasPrice), v: qty(tx.v), ...sig };
  const typed: JsonObject = {
    ...base,
    nonce: qty(tx.nonce),
    chainId: qty(tx.chainId),
    accessList: tx.accessList.map((e) => ({ address: hex(e.address), storageKeys: e.storageKeys.map(hex) })),
    v: qty(tx.yParity),
    yParity: qty(tx.yParity),
    ...sig,
  };
  if (tx.type === 0x01) return { ...typed, gasPrice: qty(tx.gasPrice) };
  const baseFee = where.block.header.baseFeePerGas ?? 0n;
  const tip = tx.maxPriorityFeePerGas;
  const price = baseFee + tip < tx.maxFeePerGas ? baseFee + tip : tx.maxFeePerGas;
  const dynamic = {
    ...typed,
    maxFeePerGas: qty(tx.maxFeePerGas),
    maxPriorityFeePerGas: qty(tip),
    gasPrice: qty(price),
  };
  if (tx.type === 0x04) {
    return {
      ...dynamic,
      authorizationList: tx.authorizationList.map((a) => ({
        chainId: qty(a.chainId),
        address: hex(a.address),
        nonce: qty(a.nonce),
        yParity: qty(a.yParity),
        r: qty(a.r),
        s: qty(a.s),
      })),
    };
  }
  if (tx.type === 0x03) {
    return {
      ...dynamic,
      maxFeePerBlobGas: qty(tx.maxFeePerBlobGas),
      blobVersionedHashes: tx.blobVersionedHashes.map(hex),
    };
  }
  return dynamic;
}

export function receiptToJson(where: TxLocation, logIndexBase: number): JsonObject {
  const { block, index } = where;
  const receipt: Receipt = block.receipts[index]!;
  const outcome = block.outcomes[index]!;
  const raw = block.transactions[index]!;
  const tx = decodeTransaction(raw);
  const txHash = hex(keccak256(raw));
  const price =
    tx.type === 0x7e
      ? 0n
      : tx.type === 0x00 || tx.type === 0x01
        ? tx.gasPrice
        : (() => {
            const baseFee = block.header.baseFeePerGas ?? 0n;
            return baseFee + tx.maxPriorityFeePerGas < tx.maxFeePerGas
              ? baseFee + tx.maxPriorityFeePerGas
              : tx.maxFeePerGas;
          })();
  const sender = outcome.sender.toLowerCase();
  const out: JsonObject = {
    transactionHash: txHash,
    transactionIndex: qty(index),
    blockHash: hex(block.hash),
    blockNumber: qty(block.header.number),
    from: sender,
    to: tx.to === null ? null : hex(tx.to),
    cumulativeGasUsed: qty(receipt.cumulativeGasUsed),
    gasUsed: qty(outcome.gasUsed),
    contractAddress: null,
    logs: receipt.logs.map((l, i) => ({
      address: hex(l.address),
      topics: l.topics.map(hex),
      data: hex(l.data),
      blockHash: hex(block.hash),
      blockNumber: qty(block.header.number),
      transactionHash: txHash,
      transactionIndex: qty(index),
      logIndex: qty(logIndexBase + i),
      removed: false,
    })),
    logsBloom: hex(receipt.logsBloom),
    type: qty(receipt.type),
    status: receipt.status ? '0x1' : '0x0',
    effectiveGasPrice: qty(price),
  };
  if (tx.to === null && tx.type !== 0x7e) {
    out.contractAddress = contractAddressOf(sender, tx.nonce);
  } else if (tx.to === null) {
    out.contractAddress = contractAddressOf(sender, receipt.depositNonce ?? 0n);
  }
  if (receipt.depositNonce !== undefined) out.depositNonce = qty(receipt.depositNonce);
  if (receipt.depositReceiptVersion !== undefined) out.depositReceiptVersion = qty(receipt.depositReceiptVersion);
  if (outcome.l1Fee) {
    out.l1Fee = qty(outcome.l1Fee.fee);
    out.l1GasUsed = qty(outcome.l1Fee.l1GasUsed);
  }
  return out;
}

function contractAddressOf(sender: string, nonce: bigint): Hex {
  return hex(createAddress(hexToBytes(sender, 20), nonce));
}

/** Number of logs in the block's receipts before transaction `index` (logIndex is block-wide). */
export function logIndexBase(block: L2Block, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) n += block.receipts[i]!.logs.length;
  return n;
}

export function blockToJson(block: L2Block, full: boolean): JsonObject {
  const h = block.header;
  const json: JsonObject = {
    number: qty(h.number),
    hash: hex(block.hash),
    parentHash: hex(h.parentHash),
    nonce: hex(h.nonce),
    sha3Uncles: hex(h.ommersHash),
    logsBloom: hex(h.logsBloom),
    transactionsRoot: hex(h.transactionsRoot),
    stateRoot: hex(h.stateRoot),
    receiptsRoot: hex(h.receiptsRoot),
    miner: hex(h.beneficiary),
    difficulty: qty(h.difficulty),
    totalDifficulty: '0x0',
    extraData: hex(h.extraData),
    size: qty(encodeHeader(h).length + block.transactions.reduce((n, t) => n + t.length, 0)),
    gasLimit: qty(h.gasLimit),
    gasUsed: qty(h.gasUsed),
    timestamp: qty(h.timestamp),
    mixHash: hex(h.mixHash),
    uncles: [],
    transactions: full
      ? block.transactions.map((raw, index) => transactionToJson(raw, { block, index }))
      : block.transactions.map((raw) => hex(keccak256(raw))),
  };
  if (h.baseFeePerGas !== undefined) json.baseFeePerGas = qty(h.baseFeePerGas);
  if (h.withdrawalsRoot !== undefined) {
    json.withdrawalsRoot = hex(h.withdrawalsRoot);
    json.withdrawals = [];
  }
  if (h.blobGasUsed !== undefined) json.blobGasUsed = qty(h.blobGasUsed);
  if (h.excessBlobGas !== undefined) json.excessBlobGas = qty(h.excessBlobGas);
  if (h.parentBeaconBlockRoot !== undefined) json.parentBeaconBlockRoot = hex(h.parentBeaconBlockRoot);
  if (h.requestsHash !== undefined) json.requestsHash = hex(h.requestsHash);
  return json;
}
