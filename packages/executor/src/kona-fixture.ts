/**
 * kona's stateless-executor fixtures (op-rs/kona `crates/proof/executor/testdata`, as unpacked in
 * the shared `kona-exec-*` directories): `fixture.json` holds the rollup config (kona serde),
 * the parent header (JSON-RPC form), the payload attributes (`executing_payload`) and the
 * expected block hash; `kv.json` maps keccak256 keys to trie nodes and code. This turns the two
 * parsed JSON objects into a `BuildBlockInput` (reading and gunzipping files is the caller's job:
 * this package stays free of I/O). Older kona configs carry no EIP-1559 parameters; then the
 * built-in chain's values are used.
 */
import { hexToBytes } from '@faultline/primitives';
import {
  builtinChain,
  type Header,
  headerFromJson,
  type OpPayloadAttributes,
  parsePayloadAttributes,
  parseRollupConfig,
  type RollupConfig,
} from '@faultline/protocol';
import { BlockBuildError } from './errors.js';
import { KeccakStore } from './keccak-store.js';

export interface KonaFixture {
  rollup: RollupConfig;
  parent: Header;
  attributes: OpPayloadAttributes;
  expectedHash: Uint8Array;
  store: KeccakStore;
}

type Json = Record<string, unknown>;

function section(json: Json, key: string): Json {
  const v = json[key];
  if (typeof v !== 'object' || v === null) throw new BlockBuildError(`kona fixture: ${key}: expected an object`);
  return v as Json;
}

export function parseKonaFixture(fixture: Json, kv: Record<string, string>): KonaFixture {
  const rollupJson = section(fixture, 'rollup_config');
  const chainId = BigInt(rollupJson.l2_chain_id as string | number);
  const rollup = parseRollupConfig(rollupJson, builtinChain(chainId)?.rollup.eip1559);
  const expected = fixture.expected_block_hash;
  if (typeof expected !== 'string')
    throw new BlockBuildError('kona fixture: expected_block_hash: expected a hex string');
  return {
    rollup,
    parent: headerFromJson(section(fixture, 'parent_header')),
    attributes: parsePayloadAttributes(section(fixture, 'executing_payload')),
    expectedHash: hexToBytes(expected, 32),
    store: KeccakStore.fromHexObject(kv),
  };
}
