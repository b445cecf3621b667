/**
 * `faultline client`: the fault-proof program as a process. It expects the host's channels on
 * fds 3–6 (hints 3/4, pre-images 5/6), reads its boot info from local keys, and exits 0 when the
 * claim is valid, 1 when invalid, 2 on any failure (one log line). This file only wires
 * @faultline/client's `clientMain`, the one place that touches the descriptors.
 */
import { clientMain } from '@faultline/client/main';
import type { CommandSpec } from '../command.js';
import { selfCommand } from '../self.js';
import { buildElfCommand } from './client-build-elf.js';

const VERDICT: Record<number, string> = { 0: 'valid', 1: 'invalid' };

export const clientCommand: CommandSpec = {
  name: 'client',
  summary: 'run the fault-proof program on fds 3-6 (exit 0 valid, 1 invalid, 2 failure)',
  description: `
The client is started by a host, never by hand: the host serves boot info (local keys 1-5;
6/7 for a custom chain id 0xFFFFFFFFFFFFFFFF) and every pre-image the program asks for, with a
hint sent before each request. The client reads the agreed output, recomputes output roots from
the L2 state and compares with the claim at min(claim block, safe head). A claim equal to the
agreed output root is valid at once (kona's trace extension).

Start it with faultline host --exec "faultline client": the host resolves "faultline" to itself.
Not through npx: npx does not pass fds 3-6 to the command it starts, so the client would find
no channels (a fresh clone has no faultline on the PATH either; the host needs none).`,
  options: [{ name: 'json', help: 'also print the verdict as one JSON object on stdout' }],
  examples: [
    'faultline host --network op-mainnet --l1.head 0x… --l2.head 0x… --l2.outputroot 0x… \\',
    '  --l2.claim 0x… --l2.blocknumber 1234 --datadir ./preimages --exec "faultline client"',
    'faultline host … --datadir ./preimages   # in-process: the built-in client in a worker thread',
  ],
  subcommands: [buildElfCommand],
  run: async (ctx) => {
    let last = '';
    // The program (also built into client.elf) says how a host starts it as "faultline host …";
    // said here as this faultline is started (npx faultline on a fresh clone).
    const prog = selfCommand(ctx.env);
    const code = await clientMain((raw) => {
      const line = raw.replace('(faultline host ', `(${prog} host `);
      last = line;
      if (line.startsWith('client: failed')) ctx.log.error(line);
      else ctx.log.info(line);
    });
    if (ctx.flags.json === true) {
      ctx.stdout(
        JSON.stringify({ verdict: VERDICT[code] ?? 'failed', exitCode: code, reason: last.replace(/^client: /, '') }),
      );
    }
    return code;
  },
};
