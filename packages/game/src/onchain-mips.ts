/**
 * Optimism's MIPS.sol and PreimageOracle.sol (contracts-bedrock 0.17.3: MIPS 1.0.1, oracle 1.0.0)
 * deployed from their npm artifacts into Faultline's own EVM, so a step proof can be decided the
 * way FaultDisputeGame decides it on L1: the pre-image part the step reads is loaded first
 * through the oracle's own entry points (`loadLocalData`, `loadKeccak256PreimagePart`,
 * `loadSha256PreimagePart`, `loadBlobPreimagePart`, `loadPrecompilePreimagePart`), then
 * `MIPS.step(stateData, proof, localContext)` returns the post-state hash. One EOA sends every
 * call, so a local key loaded by it is localized exactly as MIPS.step localizes it for the same
 * caller (`PreimageKeyLib.localize` hashes `caller()`), as the game does for itself.
 */
import { loadArtifact } from '@faultline/contracts';
import { executeTransaction, JumpdestCache, MemoryState, precompileTable, type TxResult } from '@faultline/evm';
import { BaseError, bytesToBigInt, bytesToHex } from '@faultline/primitives';

export class OnchainMipsError extends BaseError {
  override name = 'OnchainMipsError' as const;
}

/** A pre-image part the 0.17.3 oracle has no way to accept (the step cannot be decided on chain). */
export class UnloadablePreimageError extends BaseError {
  override name = 'UnloadablePreimageError' as const;
}

const SENDER = '0x00000000000000000000000000000000000fa17e';
const FORK = 'Prague';
/** The deployment's oracle parameters (only the large-pre-image path reads them). */
const MIN_PROPOSAL_SIZE = 10_000n;
const CHALLENGE_PERIOD = 3_600n;

export interface CallOutcome {
  success: boolean;
  output: Uint8Array;
  gasUsed: bigint;
  /** The revert in words (decoded against the contract's ABI) when it failed. */
  error?: string;
}

export class OnchainMips {
  readonly state = new MemoryState();
  readonly oracleAddress: string;
  readonly mipsAddress: string;
  readonly mipsVersion: string;
  readonly oracleVersion: string;
  private nonce = 0n;
  /** Code analysis kept across calls (MIPS.step is called thousands of times). */
  private readonly jumpdests = new JumpdestCache();
  private readonly mipsAbi = loadArtifact('MIPS');
  private readonly oracleAbi = loadArtifact('PreimageOracle');

  constructor() {
    this.state.setAccount(SENDER, 0n, 10n ** 24n, new Uint8Array(0), new Map());
    this.oracleAddress = this.deploy(
      this.oracleAbi.encodeDeploy([MIN_PROPOSAL_SIZE, CHALLENGE_PERIOD]),
      'PreimageOracle',
    );
    this.mipsAddress = this.deploy(this.mipsAbi.encodeDeploy([this.oracleAddress]), 'MIPS');
    this.mipsVersion = this.view(this.mipsAddress, this.mipsAbi, 'version') as string;
    this.oracleVersion = this.view(this.oracleAddress, this.oracleAbi, 'version') as string;
  }

  /** The address that calls the oracle and MIPS (what `localize` hashes as `caller()`). */
  get caller(): string {
    return SENDER;
  }

  private send(to: string | undefined, data: Uint8Array): TxResult {
    const result = executeTransaction(
      this.state,
      {
        fork: FORK,
        precompiles: precompileTable(FORK),
        block: {
          number: 1n,
          timestamp: 1_700_000_000n,
          coinbase: '0x0000000000000000000000000000000000000000',
          gasLimit: 60_000_000n,
          baseFee: 0n,
          prevRandao: 0n,
          blobBaseFee: 1n,
          chainId: 900n,
        },
      },
      {
        type: 2,
        sender: SENDER,
        nonce: this.nonce++,
        gasLimit: 30_000_000n,
        to,
        value: 0n,
        data,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        accessList: [],
      },
      { jumpdests: this.jumpdests },
    );
    this.state.commit(result.diff);
    return result;
  }

  private deploy(code: Uint8Array, name: string): string {
    const r = this.send(undefined, code);
    if (!r.success || !r.contractAddress)
      throw new OnchainMipsError(`deploying ${name} failed: ${r.error ?? 'reverted'}`);
    return r.contractAddress;
  }

  private view(to: string, abi: ReturnType<typeof loadArtifact>, fn: string): unknown {
    const r = this.send(to, abi.encodeCall(fn));
    if (!r.success) throw new OnchainMipsError(`${abi.name}.${fn}() failed`);
    return abi.decodeResult(fn, r.output)[0];
  }

  private callOracle(fn: string, args: Parameters<ReturnType<typeof loadArtifact>['encodeCall']>[1]): CallOutcome {
    const r = this.send(this.oracleAddress, this.oracleAbi.encodeCall(fn, args));
    return outcome(r, this.oracleAbi);
  }

  /** `loadLocalData(ident, localContext, word, size, partOffset)`: `data` is at most 32 bytes. */
  loadLocalData(ident: bigint, localContext: Uint8Array, data: Uint8Array, partOffset: number): CallOutcome {
    if (data.length > 32)
      throw new UnloadablePreimageError(
        `local key ${ident}: ${data.length} bytes, the oracle's loadLocalData takes at most 32`,
      );
    const word = new Uint8Array(32);
    word.set(data);
    return this.callOracle('loadLocalData', [ident, localContext, word, BigInt(data.length), BigInt(partOffset)]);
  }

  loadKeccak256PreimagePart(partOffset: number, preimage: Uint8Array): CallOutcome {
    return this.callOracle('loadKeccak256PreimagePart', [BigInt(partOffset), preimage]);
  }

  loadSha256PreimagePart(partOffset: number, preimage: Uint8Array): CallOutcome {
    return this.callOracle('loadSha256PreimagePart', [BigInt(partOffset), preimage]);
  }

  loadBlobPreimagePart(
    z: Uint8Array,
    y: Uint8Array,
    commitment: Uint8Array,
    proof: Uint8Array,
    partOffset: number,
  ): CallOutcome {
    return this.callOracle('loadBlobPreimagePart', [
      bytesToBigInt(z),
      bytesToBigInt(y),
      commitment,
      proof,
      BigInt(partOffset),
    ]);
  }

  loadPrecompilePreimagePart(partOffset: number, precompile: Uint8Array, input: Uint8Array): CallOutcome {
    return this.callOracle('loadPrecompilePreimagePart', [BigInt(partOffset), bytesToHex(precompile), input]);
  }

  /** `readPreimage(key, offset)` as MIPS.step will call it: the 32-byte part and its length. */
  readPreimage(key: Uint8Array, offset: number): { part: Uint8Array; length: bigint } | undefined {
    const r = this.send(this.oracleAddress, this.oracleAbi.encodeCall('readPreimage', [key, BigInt(offset)]));
    if (!r.success) return undefined;
    const [part, length] = this.oracleAbi.decodeResult('readPreimage', r.output);
    return { part: part as Uint8Array, length: length as bigint };
  }

  /** `MIPS.step(stateData, proof, localContext)` as a transaction; the post-state hash when it succeeds. */
  step(stateData: Uint8Array, proof: Uint8Array, localContext: Uint8Array): CallOutcome & { post?: Uint8Array } {
    const r = this.send(this.mipsAddress, this.mipsAbi.encodeCall('step', [stateData, proof, localContext]));
    const o = outcome(r, this.mipsAbi);
    if (!o.success) return o;
    return { ...o, post: this.mipsAbi.decodeResult('step', r.output)[0] as Uint8Array };
  }
}

function outcome(r: TxResult, abi: ReturnType<typeof loadArtifact>): CallOutcome {
  if (r.success) return { success: true, output: r.output, gasUsed: r.gasUsed };
  const error = r.reverted ? describeMipsRevert(abi, r.output) : (r.error ?? 'halted');
  return { success: false, output: r.output, gasUsed: r.gasUsed, error };
}

/** MIPS.sol's memory-proof failure reverts with the bare word 0x0badf00d; name it. */
function describeMipsRevert(abi: ReturnType<typeof loadArtifact>, data: Uint8Array): string {
  if (data.length === 32 && bytesToBigInt(data) === 0x0badf00dn)
    return 'reverted: memory proof does not match memRoot (0x0badf00d)';
  return abi.describeRevert(data);
}
