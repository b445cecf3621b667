/**
 * The artifacts run in our own EVM: DisputeGameFactory is deployed from its npm creation code and
 * answers `version()`, and FaultDisputeGame's constructor refuses a split depth ≥ the max depth
 * with its custom error, which `describeRevert` names from the ABI.
 */
import { executeTransaction, MemoryState, precompileTable } from '@faultline/evm';
import { bytesToHex } from '@faultline/primitives';
import { describe, expect, it } from 'vitest';
import { BEDROCK_VERSION, bedrockDir, loadArtifact } from './artifact.js';
import { deployPlan } from './deploy-plan.js';
import { Position } from './game-types.js';

const SENDER = '0x00000000000000000000000000000000000f00d5';

function run(state: MemoryState, data: Uint8Array, to?: string, nonce = 0n) {
  const result = executeTransaction(
    state,
    {
      fork: 'Cancun',
      precompiles: precompileTable('Cancun'),
      block: {
        number: 1n,
        timestamp: 1_700_000_000n,
        coinbase: '0x0000000000000000000000000000000000000000',
        gasLimit: 30_000_000n,
        baseFee: 0n,
        prevRandao: 0n,
        blobBaseFee: 1n,
        chainId: 900n,
      },
    },
    { type: 0, sender: SENDER, nonce, gasLimit: 20_000_000n, to, value: 0n, data, gasPrice: 0n, accessList: [] },
  );
  state.commit(result.diff);
  return result;
}

describe('contracts-bedrock artifacts', () => {
  it('is the pinned version', () => {
    expect(bedrockDir()).toContain('contracts-bedrock');
    expect(BEDROCK_VERSION).toBe('0.17.3');
  });

  it('deploys DisputeGameFactory in our EVM and decodes version()', () => {
    const state = new MemoryState();
    state.setAccount(SENDER, 0n, 0n, new Uint8Array(0), new Map());
    const factory = loadArtifact('DisputeGameFactory');
    const created = run(state, factory.encodeDeploy());
    expect(created.success).toBe(true);
    const call = run(state, factory.encodeCall('version'), created.contractAddress, 1n);
    expect(factory.decodeResult('version', call.output)).toEqual(['1.0.0']);
  });

  it("names FaultDisputeGame's constructor error", () => {
    const state = new MemoryState();
    state.setAccount(SENDER, 0n, 0n, new Uint8Array(0), new Map());
    const game = loadArtifact('FaultDisputeGame');
    const zero = '0x0000000000000000000000000000000000000000';
    const deploy = game.encodeDeploy([0n, new Uint8Array(32), 8n, 8n, 0n, 60n, zero, zero, zero, 901n]);
    const result = run(state, deploy);
    expect(result.success).toBe(false);
    expect(game.describeRevert(result.output)).toBe('reverted with InvalidSplitDepth()');
    expect(() => game.encodeCall('nope')).toThrow(/FaultDisputeGame has no function nope/);
  });

  it('plans every contract of the issue in Deploy.s.sol order', () => {
    const steps = deployPlan({
      owner: SENDER,
      guardian: SENDER,
      batcher: SENDER,
      batchInbox: SENDER,
      unsafeBlockSigner: SENDER,
      l2ChainId: 901n,
      l2GasLimit: 30_000_000n,
      basefeeScalar: 1368n,
      blobbasefeeScalar: 810949n,
      proofMaturityDelaySeconds: 12n,
      disputeGameFinalityDelaySeconds: 6n,
      withdrawalDelaySeconds: 60n,
      preimageMinProposalSize: 10000n,
      preimageChallengePeriod: 120n,
      game: {
        absolutePrestate: new Uint8Array(32),
        maxGameDepth: 16n,
        splitDepth: 8n,
        clockExtension: 30n,
        maxClockDuration: 300n,
        initBond: 10n ** 16n,
      },
    });
    const names = steps.map((s) => (s.kind === 'create' ? s.name : s.label));
    expect(names.indexOf('initialize SystemConfigProxy')).toBeLessThan(
      names.indexOf('initialize AnchorStateRegistryProxy'),
    );
    expect(names.indexOf('initialize AnchorStateRegistryProxy')).toBeLessThan(names.indexOf('FaultDisputeGame'));
    expect(names.at(-1)).toBe('set the CANNON init bond');
    expect(names).toContain('MIPS');
    expect(names).toContain('PreimageOracle');
  });
});

describe('Position (LibPosition)', () => {
  it('generalized indices, trace indices and moves', () => {
    const p = Position.of(2, 1n);
    expect(p.gindex).toBe(5n);
    expect(p.depth).toBe(2);
    expect(p.traceIndex(4)).toBe(7n);
    expect(Position.ROOT.move(true).gindex).toBe(2n);
    expect(Position.of(1, 0n).move(false).gindex).toBe(6n);
    expect(() => Position.of(2, 4n)).toThrow(/out of range/);
    expect(bytesToHex(new Uint8Array([p.depth]))).toBe('0x02');
  });
});
