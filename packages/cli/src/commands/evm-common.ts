/**
 * What the `evm` sub-commands share: the state root of an in-memory state, the child process
 * with the larger stack that runs EVM work, and the --compile-threshold flag.
 */
import { spawn } from 'node:child_process';
import { type MemoryState, parseCompileThreshold } from '@faultline/evm';
import { bigIntToBytes, looseHexToBytes, rlpEncode } from '@faultline/primitives';
import { SecureTrie } from '@faultline/trie';
import { type CommandContext, flagString, UsageError } from '../command.js';
import { BIN, NODE_ARGS } from '../self.js';

/**
 * State root of the runner's in-memory state (secure MPT: keccak(address) → rlp[nonce, balance,
 * storageRoot, codeHash]; keccak(slot) → rlp(value)). Lives here, not in @faultline/evm, so the EVM
 * package never depends on the trie.
 */
export function memoryStateRoot(state: MemoryState): Uint8Array {
  const trie = new SecureTrie();
  for (const [address, a] of state.accounts) {
    const storage = new SecureTrie();
    for (const [k, v] of a.storage) if (v !== 0n) storage.put(bigIntToBytes(k, 32), rlpEncode(v));
    trie.put(looseHexToBytes(address, 20), rlpEncode([a.nonce, a.balance, storage.root(), a.codeHash]));
  }
  return trie.root();
}

export function flagBoolean(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true || ctx.flags[name] === 'true';
}

/**
 * Call depth 1024 recurses through the interpreter ~3 JS frames per EVM frame; V8's default
 * ~1 MB stack is not enough for that before the code is optimized, so the work always runs in a
 * child with a larger (still below the 8 MB OS default) stack.
 */
export const CHILD_NODE_FLAGS = NODE_ARGS;
export const CHILD_ENV = 'FAULTLINE_EVM_WORKER';
/** Set by a parallel run's parent: workers print `@done` lines instead of logging progress. */
export const PROGRESS_ENV = 'FAULTLINE_EVM_PROGRESS';

export function binPath(): string {
  return BIN;
}

/**
 * True when this process can run EVM work itself: it is such a child, or it was started with a
 * stack at least as large as the child's (the bin's shebang and bin/evm pass --stack-size=3900,
 * so a user's `faultline evm …` never pays a second Node start; only `node bin/faultline.mjs`
 * without the flag does).
 */
export function hasEvmStack(execArgv: readonly string[] = process.execArgv): boolean {
  if (process.env[CHILD_ENV] === '1') return true;
  const need = stackSize(CHILD_NODE_FLAGS);
  const have = stackSize(execArgv);
  return need !== undefined && have !== undefined && have >= need;
}

/** The last --stack-size (or --stack_size, V8's spelling) in `argv`, in KiB. */
function stackSize(argv: readonly string[]): number | undefined {
  let size: number | undefined;
  for (const a of argv) {
    const m = /^--stack[-_]size=(\d+)$/.exec(a);
    if (m) size = Number(m[1]);
  }
  return size;
}

/** Re-runs this command in one child with the larger stack (files on its stdin), passing output through. */
export function runInChild(argv: string[], files: string[] | undefined, stdin?: string): Promise<number> {
  return new Promise((resolve) => {
    const extra = files ? ['--files-from', '-'] : [];
    const input = files ? files.join('\n') : stdin;
    const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, binPath(), ...argv, ...extra], {
      stdio: [input !== undefined ? 'pipe' : 'ignore', 'inherit', 'inherit'],
      env: { ...process.env, [CHILD_ENV]: '1' },
    });
    if (input !== undefined) child.stdin!.end(input);
    child.on('close', (code) => resolve(code ?? 2));
  });
}

/** The flags of this invocation (not the file list), to hand to a child. */
export function argvOf(ctx: CommandContext, leaveOut: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(ctx.flags)) {
    if (k === 'jobs' || k === 'files-from' || leaveOut.includes(k)) continue;
    if (v === true) out.push(`--${k}`);
    else if (typeof v === 'string') out.push(`--${k}`, v);
    else if (Array.isArray(v)) for (const x of v) out.push(`--${k}`, x);
  }
  return out;
}

export const COMPILE_THRESHOLD_OPTION = {
  name: 'compile-threshold',
  value: '<N|never>',
  help: 'runs of a block before it is compiled to JS (0 = always, to check the compiler; never = interpret only)',
};

/** `--compile-threshold`: undefined for the EVM's default. */
export function compileThresholdFlag(ctx: CommandContext): number | undefined {
  const v = flagString(ctx, 'compile-threshold');
  if (v === undefined) return undefined;
  const n = parseCompileThreshold(v);
  if (n === undefined)
    throw new UsageError(`--compile-threshold: expected a non-negative integer or "never", got ${v}`);
  return n;
}
