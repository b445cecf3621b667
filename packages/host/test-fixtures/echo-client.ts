/**
 * A tiny pre-image client for the host's process tests, speaking the real protocol on fds 3–6.
 * It reads boot keys 1–5, then hints `l1-block-header <claim>` and reads the keccak pre-image
 * of the L2 claim (key 3), prints everything as one JSON line, and exits 0 if the pre-image
 * text starts with "valid", 1 otherwise — the client exit-code contract in miniature.
 * Any protocol failure exits 2 with one line on stderr.
 *
 * argv[2] selects a behaviour: "normal" (default), "die-mid-request" (writes 10 key bytes,
 * then dies), "many <n>" (reads the claim pre-image n times, for the benchmark).
 */

import { HintWriter, keccakKey, localKey, OracleClient } from '@faultline/preimage';
import { clientFdChannels } from '@faultline/preimage/node';
import { bytesToHex, bytesToUtf8 } from '@faultline/primitives';

const mode = process.argv[2] ?? 'normal';
try {
  const { hints, preimages } = clientFdChannels();
  const oracle = new OracleClient(preimages);
  const hinter = new HintWriter(hints);
  if (mode === 'die-mid-request') {
    preimages.writeAll(localKey(1).subarray(0, 10));
    process.kill(process.pid, 'SIGKILL');
  }
  const boot = [1, 2, 3, 4, 5].map((i) => oracle.get(localKey(i)));
  const claim = boot[2]!;
  hinter.hint('l1-block-header', claim);
  const value = oracle.get(keccakKey(claim));
  if (mode === 'many') {
    const n = Number(process.argv[3] ?? '1000');
    const key = keccakKey(claim);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) oracle.get(key);
    const ms = performance.now() - t0;
    process.stdout.write(`${JSON.stringify({ n, ms, perSecond: Math.round((n / ms) * 1000) })}\n`);
    process.exit(0);
  }
  const text = bytesToUtf8(value);
  process.stdout.write(`${JSON.stringify({ boot: boot.map(bytesToHex), preimage: text })}\n`);
  process.exit(text.startsWith('valid') ? 0 : 1);
} catch (e) {
  const err = e as { name?: string; shortMessage?: string; message?: string };
  process.stderr.write(`echo-client: ${err.name}: ${err.shortMessage ?? err.message}\n`);
  process.exit(2);
}
