/**
 * Typed access to one contract of `@eth-optimism/contracts-bedrock` (the pinned npm package's
 * `forge-artifacts/<Name>.sol/<Name>.json`): its creation bytecode and ABI, read from the package
 * — never re-typed — and the encoders/decoders built on them: constructor arguments, calls by
 * function name, results, events by topic and revert data (Error(string), Panic(uint256) and the
 * contract's custom errors, so a failed call reads as `GameAlreadyExists(0x…)` rather than bytes).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  BaseError,
  bytesToHex,
  concatBytes,
  equalBytes,
  hexToBytes,
  keccak256,
  utf8ToBytes,
} from '@faultline/primitives';
import { type AbiParam, type AbiValue, decodeAbi, encodeAbi, selectorOf, signatureOf } from './abi.js';

export const BEDROCK_PACKAGE = '@eth-optimism/contracts-bedrock';
/** The version whose artifacts this package was written against (its initializers and events). */
export const BEDROCK_VERSION = '0.17.3';

export class ArtifactError extends BaseError {
  override name = 'ArtifactError' as const;
}

export interface AbiItem {
  type: 'function' | 'constructor' | 'event' | 'error' | 'fallback' | 'receive';
  name?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
  stateMutability?: string;
  anonymous?: boolean;
}

export interface DecodedLog {
  event: string;
  args: Record<string, AbiValue>;
}

let packageDir: string | undefined;

/** The installed contracts-bedrock package, checked to be the pinned version. */
export function bedrockDir(): string {
  if (packageDir !== undefined) return packageDir;
  let pkgJson: string;
  try {
    pkgJson = createRequire(import.meta.url).resolve(`${BEDROCK_PACKAGE}/package.json`);
  } catch {
    throw new ArtifactError(`${BEDROCK_PACKAGE} is not installed (run npm install)`);
  }
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: string }).version;
  if (version !== BEDROCK_VERSION) {
    throw new ArtifactError(`${BEDROCK_PACKAGE} ${version} is installed, ${BEDROCK_VERSION} is required`);
  }
  packageDir = dirname(pkgJson);
  return packageDir;
}

export class ContractArtifact {
  private readonly functions = new Map<string, AbiItem>();
  private readonly events = new Map<string, AbiItem>();
  private readonly errors = new Map<string, AbiItem>();

  constructor(
    readonly name: string,
    readonly abi: readonly AbiItem[],
    /** Creation code (empty for interfaces). */
    readonly bytecode: Uint8Array,
  ) {
    for (const item of abi) {
      if (item.type === 'function' && item.name) {
        if (this.functions.has(item.name)) this.functions.set(`${item.name}/${item.inputs?.length ?? 0}`, item);
        else this.functions.set(item.name, item);
      } else if (item.type === 'event' && item.name) {
        this.events.set(bytesToHex(keccak256(utf8ToBytes(signatureOf(item.name, item.inputs ?? [])))), item);
      } else if (item.type === 'error' && item.name) {
        this.errors.set(bytesToHex(selectorOf(signatureOf(item.name, item.inputs ?? []))), item);
      }
    }
  }

  private fn(name: string): AbiItem {
    const f = this.functions.get(name);
    if (!f) throw new ArtifactError(`${this.name} has no function ${name}`);
    return f;
  }

  /** Creation code followed by the ABI-encoded constructor arguments. */
  encodeDeploy(args: readonly AbiValue[] = []): Uint8Array {
    if (this.bytecode.length === 0) throw new ArtifactError(`${this.name} has no creation code (an interface?)`);
    const ctor = this.abi.find((i) => i.type === 'constructor');
    return concatBytes(this.bytecode, encodeAbi(ctor?.inputs ?? [], args));
  }

  encodeCall(name: string, args: readonly AbiValue[] = []): Uint8Array {
    const f = this.fn(name);
    const inputs = f.inputs ?? [];
    return concatBytes(selectorOf(signatureOf(f.name!, inputs)), encodeAbi(inputs, args));
  }

  decodeResult(name: string, data: Uint8Array): AbiValue[] {
    return decodeAbi(this.fn(name).outputs ?? [], data);
  }

  /** Decodes a log emitted by this contract, or undefined if its first topic is none of its events. */
  decodeLog(topics: readonly Uint8Array[], data: Uint8Array): DecodedLog | undefined {
    const ev = topics[0] === undefined ? undefined : this.events.get(bytesToHex(topics[0]));
    if (!ev) return undefined;
    const inputs = ev.inputs ?? [];
    const indexed = inputs.filter((p) => p.indexed);
    const plain = decodeAbi(
      inputs.filter((p) => !p.indexed),
      data,
    );
    const args: Record<string, AbiValue> = {};
    let t = 1;
    let d = 0;
    for (const p of inputs) {
      // Indexed static values are their own topic word; indexed dynamic ones only a hash of it.
      if (p.indexed) {
        const topic = topics[t++];
        if (!topic) throw new ArtifactError(`${this.name}.${ev.name}: ${indexed.length} indexed topics expected`);
        args[p.name ?? String(t)] = ['string', 'bytes'].includes(p.type) ? topic : decodeAbi([p], topic)[0]!;
      } else args[p.name ?? String(d)] = plain[d++]!;
    }
    return { event: ev.name!, args };
  }

  /** Topic 0 of an event of this contract. */
  eventTopic(name: string): Uint8Array {
    const ev = this.abi.find((i) => i.type === 'event' && i.name === name);
    if (!ev) throw new ArtifactError(`${this.name} has no event ${name}`);
    return keccak256(utf8ToBytes(signatureOf(name, ev.inputs ?? [])));
  }

  /** Revert data in words: `Error(reason)`, `Panic(0x11)` or `CustomError(args…)`. */
  describeRevert(data: Uint8Array): string {
    if (data.length === 0) return 'reverted without data';
    if (data.length < 4) return `reverted with ${bytesToHex(data)}`;
    const selector = data.subarray(0, 4);
    const body = data.subarray(4);
    try {
      if (equalBytes(selector, selectorOf('Error(string)'))) {
        return `reverted: ${decodeAbi([{ type: 'string' }], body)[0] as string}`;
      }
      if (equalBytes(selector, selectorOf('Panic(uint256)'))) {
        return `panicked with code 0x${(decodeAbi([{ type: 'uint256' }], body)[0] as bigint).toString(16)}`;
      }
      const err = this.errors.get(bytesToHex(selector));
      if (err) {
        const args = decodeAbi(err.inputs ?? [], body).map(formatValue);
        return `reverted with ${err.name}(${args.join(', ')})`;
      }
    } catch {
      // Malformed revert data: fall through to the raw bytes.
    }
    return `reverted with ${bytesToHex(data)}`;
  }
}

export function formatValue(v: AbiValue): string {
  if (v instanceof Uint8Array) return bytesToHex(v);
  if (Array.isArray(v)) return `[${(v as AbiValue[]).map(formatValue).join(', ')}]`;
  return String(v);
}

const cache = new Map<string, ContractArtifact>();

/** The artifact of contract `name` (file `forge-artifacts/<file ?? name>.sol/<name>.json`). */
export function loadArtifact(name: string, file = name): ContractArtifact {
  const key = `${file}/${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const path = join(bedrockDir(), 'forge-artifacts', `${file}.sol`, `${name}.json`);
  let json: { abi?: AbiItem[]; bytecode?: { object?: string; linkReferences?: Record<string, unknown> } };
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ArtifactError(`${name}: cannot read its artifact ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(json.abi)) throw new ArtifactError(`${name}: artifact has no ABI`);
  const links = json.bytecode?.linkReferences ?? {};
  if (Object.keys(links).length > 0) throw new ArtifactError(`${name}: creation code needs linked libraries`);
  const object = json.bytecode?.object ?? '0x';
  const artifact = new ContractArtifact(name, json.abi, hexToBytes(object));
  cache.set(key, artifact);
  return artifact;
}
