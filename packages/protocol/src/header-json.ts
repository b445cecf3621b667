/**
 * Headers from JSON-RPC objects (`eth_getBlockByHash` results, the kona fixtures'
 * `parent_header`): hex quantities and data with the standard field names; `miner` is the
 * beneficiary and `sha3Uncles` the ommers hash. Unknown keys (hash, size, totalDifficulty) are
 * ignored; the optional tail follows whatever fields the object has.
 */
import { hexToBytes, parseQuantity } from '@faultline/primitives';
import { HeaderError } from './errors.js';
import type { Header } from './header.js';

const JSON_NAMES: Record<string, string> = { ommersHash: 'sha3Uncles', beneficiary: 'miner' };

type Json = Record<string, unknown>;

function data(obj: Json, field: string, length?: number): Uint8Array {
  const name = JSON_NAMES[field] ?? field;
  const v = obj[name];
  if (typeof v !== 'string') throw new HeaderError(`${name}: expected a hex string`);
  try {
    return hexToBytes(v, length);
  } catch (cause) {
    throw new HeaderError(`${name}: ${(cause as Error).message}`, { cause });
  }
}

function quantity(obj: Json, name: string): bigint {
  const v = obj[name];
  if (typeof v !== 'string' && typeof v !== 'number') throw new HeaderError(`${name}: expected a quantity`);
  try {
    return parseQuantity(v, name);
  } catch (cause) {
    throw new HeaderError((cause as Error).message, { cause });
  }
}

export function headerFromJson(obj: Json): Header {
  const h: Header = {
    parentHash: data(obj, 'parentHash', 32),
    ommersHash: data(obj, 'ommersHash', 32),
    beneficiary: data(obj, 'beneficiary', 20),
    stateRoot: data(obj, 'stateRoot', 32),
    transactionsRoot: data(obj, 'transactionsRoot', 32),
    receiptsRoot: data(obj, 'receiptsRoot', 32),
    logsBloom: data(obj, 'logsBloom', 256),
    difficulty: quantity(obj, 'difficulty'),
    number: quantity(obj, 'number'),
    gasLimit: quantity(obj, 'gasLimit'),
    gasUsed: quantity(obj, 'gasUsed'),
    timestamp: quantity(obj, 'timestamp'),
    extraData: data(obj, 'extraData'),
    mixHash: data(obj, 'mixHash', 32),
    nonce: data(obj, 'nonce', 8),
  };
  const has = (k: string) => obj[k] !== undefined && obj[k] !== null;
  if (has('baseFeePerGas')) h.baseFeePerGas = quantity(obj, 'baseFeePerGas');
  if (has('withdrawalsRoot')) h.withdrawalsRoot = data(obj, 'withdrawalsRoot', 32);
  if (has('blobGasUsed')) h.blobGasUsed = quantity(obj, 'blobGasUsed');
  if (has('excessBlobGas')) h.excessBlobGas = quantity(obj, 'excessBlobGas');
  if (has('parentBeaconBlockRoot')) h.parentBeaconBlockRoot = data(obj, 'parentBeaconBlockRoot', 32);
  if (has('requestsHash')) h.requestsHash = data(obj, 'requestsHash', 32);
  return h;
}
