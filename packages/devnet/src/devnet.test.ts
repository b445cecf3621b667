/**
 * Bad input for the devnet, each a one-line error naming the component and no process left
 * behind: anvil's port taken, the anvil binary missing, a deployment step that reverts (decoded
 * from the contract's ABI), a node answering a wrong object (the host refuses to store it), and
 * anvil dying while the devnet runs.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HINT_HANDLERS, MemoryKv, Prefetcher, RpcClient, type Sources } from '@faultline/host';
import { keccakKey } from '@faultline/preimage';
import { bytesToHex, keccak256 } from '@faultline/primitives';
import { afterAll, describe, expect, it } from 'vitest';
import { Anvil, freePort } from './anvil.js';
import { Devnet } from './devnet.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'faultline-devnet-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('anvil lifecycle', () => {
  it('refuses a port that is taken, naming anvil and the port', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(Anvil.start({ chainId: 900n, timestamp: 1n, port })).rejects.toThrow(
        `anvil: port ${port} on 127.0.0.1 is taken (EADDRINUSE)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('names a missing binary', async () => {
    await expect(Anvil.start({ chainId: 900n, timestamp: 1n, binary: '/nonexistent/anvil' })).rejects.toThrow(
      /^anvil: cannot start \/nonexistent\/anvil: spawn \/nonexistent\/anvil ENOENT$/,
    );
  });

  it('ownProcessGroup: anvil leads a process group of its own, so a Ctrl-C to ours does not reach it', async () => {
    // Field 5 of /proc/<pid>/stat is the process group (proc(5)); the name before it is in parentheses.
    const pgrp = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    const own = await Anvil.start({ chainId: 900n, timestamp: 1_000n, ownProcessGroup: true });
    const shared = await Anvil.start({ chainId: 900n, timestamp: 1_000n });
    try {
      expect(pgrp(own.pid!)).toBe(own.pid);
      expect(pgrp(own.pid!)).not.toBe(pgrp(process.pid));
      expect(pgrp(shared.pid!)).toBe(pgrp(process.pid));
    } finally {
      await own.stop();
      await shared.stop();
    }
    expect(alive(own.pid)).toBe(false);
  });

  it('starts on 127.0.0.1 and stops: the process is gone', async () => {
    const anvil = await Anvil.start({ chainId: 900n, timestamp: 1_000n });
    expect(anvil.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(alive(anvil.pid)).toBe(true);
    await anvil.stop();
    expect(alive(anvil.pid)).toBe(false);
  });
});

describe('proposer', () => {
  it('honest games claim the output root after their batch is on L1; --dishonest claims keccak256 of it', async () => {
    for (const dishonest of [false, true]) {
      const devnet = await Devnet.start({ dir: tmp(), blocksPerProposal: 5n, dishonest });
      try {
        for (let i = 0; i < 3; i++) await devnet.step();
        const mined = devnet.proposer.proposals.filter((p) => p.game);
        expect(mined.length).toBeGreaterThan(2);
        for (const p of mined) {
          const block = devnet.node.chain.byNumber(p.l2BlockNumber)!;
          expect(p.l2BlockNumber % 5n).toBe(0n);
          expect(bytesToHex(p.rootClaim)).toBe(bytesToHex(dishonest ? keccak256(block.outputRoot) : block.outputRoot));
          expect(p.game!.status).toBe('IN_PROGRESS');
          expect(bytesToHex(p.game!.startingOutputRoot)).toBe(bytesToHex(devnet.genesis.outputRoot));
          // The game's L1 head holds the batch of its block: derivation up to it reaches the claim.
          const head = await devnet.l1.call<{ number: string }>('eth_getBlockByHash', [
            bytesToHex(p.game!.l1Head),
            false,
          ]);
          const batch = devnet.batcher.confirmed.find((c) => c.upTo >= p.l2BlockNumber)!;
          expect(BigInt(head.number)).toBeGreaterThanOrEqual(batch.l1Block);
        }
      } finally {
        await devnet.stop();
      }
    }
  });
});

describe('batcher', () => {
  it('channels take turns, span/singular × zlib/brotli (Fjord is active from genesis); the verifier derives each back from L1', async () => {
    const devnet = await Devnet.start({ dir: tmp() });
    try {
      for (let i = 0; i < 6; i++) await devnet.step();
      const posted = devnet.batcher.posted.map((c) => `${c.kind}/${c.compression}`);
      expect(posted.slice(0, 4)).toEqual(['span/zlib', 'singular/zlib', 'span/brotli', 'singular/brotli']);
      // The safe head is what derivation reproduces from L1: it has passed the fourth channel.
      expect(devnet.node.safe).toBeGreaterThanOrEqual(devnet.batcher.posted[3]!.blocks[1]);
    } finally {
      await devnet.stop();
    }
  });
});

describe('devnet failures', () => {
  it('a deployment step that reverts is one line naming the step and the contract reason; anvil is stopped', async () => {
    const lines: string[] = [];
    await expect(Devnet.start({ dir: tmp(), l2GasLimit: 10_000_000n, log: (l) => lines.push(l) })).rejects.toThrow(
      'L1 deployment: initialize SystemConfigProxy reverted: Proxy: delegatecall to new implementation contract failed (SystemConfig.initialize reverted: SystemConfig: gas limit too low)',
    );
    const url = /anvil at (http:\S+)/.exec(lines[0]!)![1]!;
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('game parameters FaultDisputeGame would refuse are refused before anything starts', async () => {
    await expect(Devnet.start({ dir: tmp(), game: { clockExtension: 700n, maxClockDuration: 600n } })).rejects.toThrow(
      'devnet: game parameters: clock extension 700 exceeds the max clock duration 600',
    );
    await expect(Devnet.start({ dir: tmp(), game: { maxGameDepth: 126n } })).rejects.toThrow(
      'devnet: game parameters: max game depth 126 exceeds 125',
    );
  });

  it('anvil dying mid-run stops the devnet with one line; its RPC server is closed', async () => {
    const devnet = await Devnet.start({ dir: tmp(), blocksPerProposal: 1000n });
    const failed = new Promise<string>((r) => {
      devnet.onFailure = r;
    });
    await devnet.step();
    devnet.run(50);
    process.kill(devnet.anvil.pid!, 'SIGKILL');
    const reason = await failed;
    expect(reason).toMatch(/^anvil exited \(SIGKILL\)|^L1 /);
    expect(reason).not.toContain('\n');
    await expect(fetch(devnet.l2Url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(alive(devnet.anvil.pid)).toBe(false);
  });

  it('the host refuses a block whose JSON does not hash to the requested hash (nothing is stored)', async () => {
    const devnet = await Devnet.start({ dir: tmp(), blocksPerProposal: 1000n });
    let proxy: Server | undefined;
    try {
      await devnet.step();
      const block = devnet.node.chain.byNumber(3n)!;
      // A node that lies: the block's gasUsed is altered in every answer.
      proxy = createServer(async (req, res) => {
        let body = '';
        for await (const c of req) body += c;
        const upstream = await fetch(devnet.l2Url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        const json = (await upstream.json()) as { result?: Record<string, unknown> };
        if (json.result && typeof json.result === 'object' && 'gasUsed' in json.result) json.result.gasUsed = '0x1';
        res.end(JSON.stringify(json));
      });
      const port = await freePort();
      await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', () => r()));
      const store = new MemoryKv();
      const sources: Sources = {
        l1: new RpcClient(devnet.l1Url, 'L1'),
        l2: new RpcClient(`http://127.0.0.1:${port}`, 'L2'),
        beacon: undefined,
        l2Head: block.hash,
      };
      const prefetcher = new Prefetcher({ store, sources, handlers: HINT_HANDLERS, retries: 0 });
      prefetcher.hint(`l2-block-header ${bytesToHex(block.hash)}`);
      await expect(prefetcher.fetchFor(keccakKey(block.hash))).rejects.toThrow(
        /^header rebuilt from JSON hashes to 0x[0-9a-f]{64}, not 0x[0-9a-f]{64}$/,
      );
      expect(store.get(keccakKey(block.hash))).toBeUndefined();
    } finally {
      proxy?.close();
      await devnet.stop();
    }
  });
});
