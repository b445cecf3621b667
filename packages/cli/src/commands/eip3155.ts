/**
 * EIP-3155 trace lines, shaped like geth's `--trace.format=json` (minimal-hex stack, no memory:
 * the interpreter's step hook does not copy memory, so `--trace.nomemory` is always in effect).
 * Used by `evm run`, `evm statetest` and `evm t8n`.
 */
import { opcodeName, type StepInfo, type Tracer } from '@faultline/evm';
import { bytesToHex } from '@faultline/primitives';
import { type CommandContext, type OptionSpec, UsageError } from '../command.js';

export interface TraceOptions {
  /** geth's `--trace.nostack`. */
  noStack?: boolean;
  /** geth's `--trace.noreturndata` (default in geth; we print return data when there is some). */
  noReturnData?: boolean;
}

const hex = (n: number | bigint) => `0x${n.toString(16)}`;

export class Eip3155Tracer implements Tracer {
  constructor(
    private readonly write: (line: string) => void,
    private readonly options: TraceOptions = {},
  ) {}
  step(s: StepInfo): void {
    let stack = '';
    if (!this.options.noStack) {
      const items: string[] = [];
      for (let i = 0; i < s.stackLength; i++) items.push(`"${hex(s.stack[i]!)}"`);
      stack = `,"stack":[${items.join(',')}]`;
    }
    const rd =
      s.returnData.length > 0 && !this.options.noReturnData ? `,"returnData":"${bytesToHex(s.returnData)}"` : '';
    this.write(
      `{"pc":${s.pc},"op":${s.op},"gas":"${hex(s.gas)}","gasCost":"${hex(s.gasCost)}","memSize":${s.memSize}${stack},"depth":${s.depth}${rd},"refund":${s.refund},"opName":"${opcodeName(s.op)}"}`,
    );
  }
}

/**
 * geth's `--trace.*` switches (cmd/evm: nostack, noreturndata, nomemory and nostorage, the last
 * two on by default). Memory and storage are never in our lines, so turning either on
 * (`--trace.nomemory=false`) is refused rather than silently ignored.
 */
export const TRACE_SWITCHES: OptionSpec[] = [
  { name: 'trace.nostack', help: 'leave the stack out of trace lines' },
  { name: 'trace.noreturndata', help: 'leave return data out of trace lines' },
  { name: 'trace.nomemory', help: 'leave memory out of trace lines (always: memory is not traced; =false is refused)' },
  {
    name: 'trace.nostorage',
    help: 'leave storage out of trace lines (always: storage is not traced; =false is refused)',
  },
];

/** The tracer's options from the switches; refuses asking for what is not traced. */
export function traceOptions(ctx: CommandContext): TraceOptions {
  for (const what of ['memory', 'storage'])
    if (ctx.flags[`trace.no${what}`] === false)
      throw new UsageError(`--trace.no${what}=false: ${what} is not traced (the EVM's step hook does not copy it)`);
  return { noStack: ctx.flags['trace.nostack'] === true, noReturnData: ctx.flags['trace.noreturndata'] === true };
}
