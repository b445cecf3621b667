/**
 * The fault-proof program's entry inside client.elf: QuickJS evaluates this bundle (as bytecode)
 * after the C runtime (runtime/main.c) has defined `globalThis.faultlineNative`, then calls
 * `faultlineMain()` and exits with what it returns. The same program as `faultline client`
 * (op-program's `client.Main`): self-test, boot info, derive, execute, claim check — with the
 * four pre-image fds reached through the runtime's synchronous reads and writes. Under the MIPS
 * VM those reads and writes are the VM's pre-image syscalls; under qemu-mips or natively they
 * are real pipes to a host. Exit 0 valid, 1 invalid, 2 any failure (one line on stderr).
 */
import { describeOutcome, EXIT_CODES, exitCodeOf, opDeriver, runProgram } from '@faultline/client';
import { ChannelClosedError, ChannelIoError, type SyncChannel } from '@faultline/preimage';
import { KECCAK_BACKEND, NATIVE, runSelfTest } from '@faultline/primitives';

/** op-program's descriptors: hints 3 (from host) / 4 (to host), pre-images 5 / 6. */
const FD = { hintRead: 3, hintWrite: 4, preimageRead: 5, preimageWrite: 6 } as const;

function log(line: string): void {
  NATIVE.log?.(line);
}

/** One direction of a pipe pair over the runtime's blocking fd functions. */
function nativeChannel(name: string, readFd: number, writeFd: number): SyncChannel {
  const readExact = NATIVE.readExact!;
  const writeAll = NATIVE.writeAll!;
  return {
    name,
    readExact(n: number): Uint8Array {
      const bytes = readExact(readFd, n);
      if (bytes === null) throw new ChannelClosedError(name, 0, n);
      return bytes;
    },
    writeAll(bytes: Uint8Array): void {
      if (!writeAll(writeFd, bytes)) throw new ChannelIoError(name, 'write', 'the host is gone');
    },
    close(): void {},
  };
}

function reasonOf(e: unknown): string {
  const err = e as { name?: string; shortMessage?: string; message?: string };
  const text = err?.shortMessage ?? err?.message ?? String(e);
  return `${err?.name ?? 'Error'}: ${text.split('\n')[0]}`;
}

/** Runs the program; never throws. */
function faultlineMain(): number {
  try {
    if (NATIVE.readExact === undefined || NATIVE.writeAll === undefined) {
      log('client: failed: no native fd functions: this bundle runs only inside the client.elf runtime');
      return EXIT_CODES.failure;
    }
    const problems = runSelfTest();
    if (problems.length > 0) {
      for (const p of problems) log(`client: self-test failed: ${p}`);
      return EXIT_CODES.failure;
    }
    const io = {
      hints: nativeChannel('hint channel', FD.hintRead, FD.hintWrite),
      preimages: nativeChannel('pre-image channel', FD.preimageRead, FD.preimageWrite),
    };
    const outcome = runProgram(io, { deriver: opDeriver, log: (line) => log(`client: ${line}`) });
    log(`client: ${describeOutcome(outcome)} (keccak: ${KECCAK_BACKEND})`);
    return exitCodeOf(outcome);
  } catch (e) {
    log(`client: failed: ${reasonOf(e)}`);
    return EXIT_CODES.failure;
  }
}

(globalThis as { faultlineMain?: () => number }).faultlineMain = faultlineMain;
