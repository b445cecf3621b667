/**
 * `faultline cannon verify-step --onchain`: each proof decided by MIPS.sol 1.0.1 in Faultline's
 * own EVM (@faultline/game `OnchainMips`: PreimageOracle and MIPS deployed from the
 * contracts-bedrock 0.17.3 artifacts), after loading the pre-image part the step reads through
 * the oracle, and compared with our VM's post-state. A known divergence of MIPS.sol 1.0.1 (srav
 * shift ≥ 32, the precompile key without requiredGas) is reported as such — not a pass.
 */
import { readFileSync } from 'node:fs';
import { checkStepOnchain, describeOnchainCheck, OnchainMips, type OnchainOptions } from '@faultline/game';
import { openKv, parseDataFormat } from '@faultline/host';
import { ProofError, type StepProof, stepProofFromAnyJson, WITNESS_SIZE } from '@faultline/mips';
import { bytesToHex, hexToBytes } from '@faultline/primitives';
import { type CommandContext, errorLine, flagBool, flagString, status, UsageError } from '../command.js';

function readProof(path: string): StepProof {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ProofError(`${path}: not a JSON proof file: ${errorLine(e)}`, { cause: e });
  }
  let p: StepProof;
  try {
    p = stepProofFromAnyJson(json);
  } catch (e) {
    throw new ProofError(`${path}: ${errorLine(e)}`, { cause: e });
  }
  if (p.stateData.length !== WITNESS_SIZE)
    throw new UsageError(`${path}: --onchain runs MIPS.sol 1.0.1, a MIPS32 step contract; this is a cannon64 proof`);
  return p;
}

/** Exit 0 when MIPS.sol agreed on every proof, 1 when one differs or could not be decided, 2 on bad input. */
export async function verifyStepsOnchain(ctx: CommandContext, files: string[]): Promise<number> {
  const ctxFlag = flagString(ctx, 'local-context');
  if (ctxFlag !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(ctxFlag))
    throw new UsageError(`--local-context: expected 32 bytes of 0x-hex, got ${ctxFlag}`);
  const proofs = files.map((f) => [f, readProof(f)] as const);
  const datadir = flagString(ctx, 'datadir');
  const kv = datadir ? openKv(datadir, parseDataFormat(flagString(ctx, 'data.format') ?? 'directory')) : undefined;
  const options: OnchainOptions = {};
  if (ctxFlag) options.localContext = hexToBytes(ctxFlag);
  if (kv) options.lookup = kv;
  const json = flagBool(ctx, 'json');
  try {
    const t = performance.now();
    const vm = new OnchainMips();
    if (!json)
      status(
        ctx,
        'info',
        `MIPS ${vm.mipsVersion} at ${vm.mipsAddress}, PreimageOracle ${vm.oracleVersion} at ${vm.oracleAddress} (contracts-bedrock 0.17.3, deployed in our EVM in ${Math.round(performance.now() - t)} ms)`,
      );
    let worst = 0;
    for (const [file, p] of proofs) {
      const c = checkStepOnchain(vm, p, options);
      const ok = c.verdict.kind === 'match';
      worst = Math.max(worst, ok ? 0 : 1);
      if (json) {
        ctx.stdout(
          JSON.stringify({
            file,
            step: p.step,
            verdict: c.verdict.kind,
            ...('divergence' in c.verdict ? { divergence: c.verdict.divergence } : {}),
            ...('reason' in c.verdict ? { reason: c.verdict.reason } : {}),
            ...(c.ours ? { post: bytesToHex(c.ours) } : {}),
            ...(c.onchain ? { onchainPost: bytesToHex(c.onchain) } : {}),
            ...(c.stepGas !== undefined ? { stepGas: Number(c.stepGas) } : {}),
            ...(c.load ? { preimageLoad: { method: c.load.method, gas: Number(c.load.gas) } } : {}),
          }),
        );
      } else ctx.stdout(`${file}: ${describeOnchainCheck(c)}`);
    }
    return worst;
  } finally {
    kv?.close();
  }
}
