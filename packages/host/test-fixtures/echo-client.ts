/**
 * A tiny pre-image client for the host's process tests, speaking the real protocol on fds 3–6
 * (logic in echo-logic.ts). Prints one JSON line and exits 0 (pre-image text starts with
 * "valid") or 1; any protocol failure exits 2 with one line on stderr.
 *
 * argv[2] selects a behaviour: "normal" (default), "die-mid-request" (writes 10 key bytes,
 * then dies), "die-mid-hint" (writes 2 bytes of a hint length, then dies), "many <n> [file]"
 * (times n gets of the claim pre-image for the benchmark, and writes the JSON line to `file`
 * instead of stdout), "many-hinted <n> [file]" (the same with a hint before every get),
 * "partial-boot" (reads local keys 1 and 2 only, then exits 0 as if the claim were valid).
 */
import { writeFileSync } from 'node:fs';
import { HintWriter, keccakKey, localKey, OracleClient } from '@faultline/preimage';
import { clientFdChannels } from '@faultline/preimage/node';
import { echo } from './echo-logic.js';

const mode = process.argv[2] ?? 'normal';
try {
  const io = clientFdChannels();
  if (mode === 'die-mid-request') {
    io.preimages.writeAll(localKey(1).subarray(0, 10));
    process.kill(process.pid, 'SIGKILL');
  }
  if (mode === 'die-mid-hint') {
    io.hints.writeAll(Uint8Array.of(0, 0));
    process.kill(process.pid, 'SIGKILL');
  }
  if (mode === 'partial-boot') {
    const oracle = new OracleClient(io.preimages);
    oracle.get(localKey(1));
    oracle.get(localKey(2));
    process.exit(0);
  }
  const result = echo(io);
  if (mode === 'many' || mode === 'many-hinted') {
    const oracle = new OracleClient(io.preimages);
    const hinter = new HintWriter(io.hints);
    const n = Number(process.argv[3] ?? '1000');
    const claim = new Uint8Array(Buffer.from(result.boot[2]!.slice(2), 'hex'));
    const key = keccakKey(claim);
    const t0 = performance.now();
    if (mode === 'many') for (let i = 0; i < n; i++) oracle.get(key);
    else {
      // op-program's pattern: a hint before every get whose value may be missing.
      for (let i = 0; i < n; i++) {
        hinter.hint('l1-block-header', claim);
        oracle.get(key);
      }
    }
    const ms = performance.now() - t0;
    const line = `${JSON.stringify({ n, ms, perSecond: Math.round((n / ms) * 1000) })}\n`;
    if (process.argv[4]) writeFileSync(process.argv[4], line);
    else process.stdout.write(line);
    process.exit(0);
  }
  process.stdout.write(`${JSON.stringify({ boot: result.boot, preimage: result.preimage })}\n`);
  process.exit(result.code);
} catch (e) {
  const err = e as { name?: string; shortMessage?: string; message?: string };
  process.stderr.write(`echo-client: ${err.name}: ${err.shortMessage ?? err.message}\n`);
  process.exit(2);
}
