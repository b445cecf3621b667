/**
 * Transactions from `eth_getBlockByHash(h, true)` objects, rebuilt into @faultline/protocol's
 * typed form so their canonical EIP-2718 bytes can be re-encoded (the standard RPC has no raw
 * transaction bytes; environment-notes §1.4). The rebuilt list is checked against the
 * header's `transactionsRoot` by the caller, so a field mapped wrongly cannot go unnoticed.
 */
import type { Transaction } from '@faultline/protocol';
import { arr, b, type Json, optQ, q, RpcShapeError } from './json.js';

function to(obj: Json, path: string): Uint8Array | null {
  return obj.to === null || obj.to === undefined ? null : b(obj, 'to', path, 20);
}

function accessList(obj: Json, path: string) {
  if (obj.accessList === undefined || obj.accessList === null) return [];
  return arr(obj, 'accessList', path).map((e, i) => {
    const p = `${path}.accessList[${i}]`;
    const keys = arr(e, 'storageKeys', p);
    return {
      address: b(e, 'address', p, 20),
      storageKeys: keys.map((_, j) => b(keys as unknown as Json, String(j), `${p}.storageKeys`, 32)),
    };
  });
}

function yParity(obj: Json, path: string): bigint {
  return optQ(obj, 'yParity', path) ?? q(obj, 'v', path);
}

export function transactionFromJson(obj: Json, path = 'tx'): Transaction {
  const type = Number(optQ(obj, 'type', path) ?? 0n);
  const common = () => ({
    chainId: q(obj, 'chainId', path),
    nonce: q(obj, 'nonce', path),
    gasLimit: q(obj, 'gas', path),
    value: q(obj, 'value', path),
    data: b(obj, 'input', path),
    accessList: accessList(obj, path),
    yParity: yParity(obj, path),
    r: q(obj, 'r', path),
    s: q(obj, 's', path),
  });
  const fees = () => ({
    maxPriorityFeePerGas: q(obj, 'maxPriorityFeePerGas', path),
    maxFeePerGas: q(obj, 'maxFeePerGas', path),
  });
  switch (type) {
    case 0x00:
      return {
        type: 0x00,
        nonce: q(obj, 'nonce', path),
        gasPrice: q(obj, 'gasPrice', path),
        gasLimit: q(obj, 'gas', path),
        to: to(obj, path),
        value: q(obj, 'value', path),
        data: b(obj, 'input', path),
        v: q(obj, 'v', path),
        r: q(obj, 'r', path),
        s: q(obj, 's', path),
      };
    case 0x01:
      return { type: 0x01, ...common(), gasPrice: q(obj, 'gasPrice', path), to: to(obj, path) };
    case 0x02:
      return { type: 0x02, ...common(), ...fees(), to: to(obj, path) };
    case 0x03:
      return {
        type: 0x03,
        ...common(),
        ...fees(),
        to: b(obj, 'to', path, 20),
        maxFeePerBlobGas: q(obj, 'maxFeePerBlobGas', path),
        blobVersionedHashes: arr(obj, 'blobVersionedHashes', path).map((h, i) =>
          b({ h } as Json, 'h', `${path}.blobVersionedHashes[${i}]`, 32),
        ),
      };
    case 0x04:
      return {
        type: 0x04,
        ...common(),
        ...fees(),
        to: b(obj, 'to', path, 20),
        authorizationList: arr(obj, 'authorizationList', path).map((a, i) => {
          const p = `${path}.authorizationList[${i}]`;
          return {
            chainId: q(a, 'chainId', p),
            address: b(a, 'address', p, 20),
            nonce: q(a, 'nonce', p),
            yParity: optQ(a, 'yParity', p) ?? q(a, 'v', p),
            r: q(a, 'r', p),
            s: q(a, 's', p),
          };
        }),
      };
    case 0x7e:
      return {
        type: 0x7e,
        sourceHash: b(obj, 'sourceHash', path, 32),
        from: b(obj, 'from', path, 20),
        to: to(obj, path),
        mint: optQ(obj, 'mint', path) ?? 0n,
        value: q(obj, 'value', path),
        gasLimit: q(obj, 'gas', path),
        isSystemTx: obj.isSystemTx === true,
        data: b(obj, 'input', path),
      };
    default:
      throw new RpcShapeError(`${path}.type: unsupported transaction type 0x${type.toString(16)}`);
  }
}
