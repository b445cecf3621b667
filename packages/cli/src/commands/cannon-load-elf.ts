/**
 * `faultline cannon load-elf`: a big-endian MIPS ELF (32-bit, or 64-bit for cannon64) loaded into
 * a VM state, after the instruction check that warns of (and with --strict refuses) words the VM
 * does not run as meant.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  codeRegions,
  isVmType,
  loadElfAs,
  makeMetadata,
  PATCHES,
  parseElf,
  scanInstructions,
  scanInstructions64,
  stateHashOf,
  summarizeUnsupported,
  VM_TYPES,
  vmTypeProblem,
  writeStateFile,
} from '@faultline/mips';
import { bytesToHex } from '@faultline/primitives';
import { type CommandSpec, fileError, flagString, makeParentDir, requireFlag, status, UsageError } from '../command.js';
import { writeJson } from './cannon-files.js';

export const loadElfCmd: CommandSpec = {
  name: 'load-elf',
  summary: 'load a big-endian MIPS ELF (32-bit, or 64-bit for cannon64) into a VM state',
  description: `Copies the program segments into memory (pc = entry; heap at 0x05000000, or 0x1000_0000_0000
for cannon64), applies the patches (go: stub out Go runtime functions that need threads/GC/floats;
stack: initial stack in the Aug-2024 layout) and writes the state and the symbol metadata. "-" writes
to stdout. --type multithreaded64 makes a cannon64 state (version 8 = multithreaded64-5): a 64-bit ELF,
the stack patch only (as upstream), and a binary state (.bin / .bin.gz; there is no JSON form).`,
  options: [
    {
      name: 'type',
      value: '<vm>',
      help: `VM to load for: ${Object.keys(VM_TYPES).join(', ')}`,
      default: 'singlethreaded',
    },
    { name: 'path', value: '<elf>', help: 'ELF file to load' },
    { name: 'patch', value: '<list>', help: 'comma-separated patches: go, stack', default: 'go,stack' },
    {
      name: 'out',
      value: '<file>',
      help: 'state output (.json, .bin, .bin.gz; - = stdout; empty = none)',
      default: 'state.json',
    },
    {
      name: 'meta',
      value: '<file>',
      help: 'symbol metadata output (empty = none; default: meta.json beside --out, where run looks for it)',
    },
    {
      name: 'strict',
      help: 'refuse an ELF whose executable sections hold instructions the VM does not implement (cannon64: that it would run as something else)',
    },
  ],
  examples: [
    'faultline cannon load-elf --path program.elf --out state.bin.gz --meta meta.json',
    'faultline cannon load-elf --type multithreaded64 --path program64.elf --out state.bin.gz',
  ],
  run: async (ctx) => {
    const type = requireFlag(ctx, 'type');
    if (!isVmType(type)) throw new UsageError(vmTypeProblem(type));
    const path = requireFlag(ctx, 'path');
    // A file that cannot be read or is no ELF the VM takes is named (issue 20 item 8).
    let elf: ReturnType<typeof parseElf>;
    try {
      elf = parseElf(new Uint8Array(readFileSync(path)));
    } catch (e) {
      throw new UsageError(fileError(path, e));
    }
    // The VM runs a few encodings outside its set silently (a bgezal is a never-taken branch),
    // as MIPS.sol v1.0.1 does; so the program is checked before it is loaded (isa-check.ts).
    // A class that does not match the type is left to loadElfAs, which refuses it in one line.
    const arch = VM_TYPES[type].arch;
    if (arch === 'mips32' && elf.elfClass === 32) {
      const unsupported = scanInstructions(codeRegions(elf));
      if (unsupported.length > 0) {
        const what = `${path}: ${unsupported.length} instruction word(s) the VM does not implement: ${summarizeUnsupported(unsupported)}`;
        if (ctx.flags.strict === true) throw new UsageError(`${what}; refusing (--strict)`);
        status(
          ctx,
          'warn',
          `warning: ${what}; the program will fail or misbehave where it reaches them (--strict refuses)`,
        );
      }
    } else if (arch === 'mips64' && elf.elfClass === 64) {
      // cannon64 (mips64/isa-check.ts): words it would run as something else are refused under
      // --strict; words it stops at are only reported — Go's runtime keeps a few behind CPU-feature
      // checks (MSA, rdhwr) and in runtime.abort (teq), and reaching one is a provable failure,
      // not a wrong answer.
      const found = scanInstructions64(codeRegions(elf));
      const silent = found.filter((f) => f.silent);
      const stops = found.filter((f) => !f.silent);
      if (silent.length > 0) {
        const what = `${path}: ${silent.length} instruction word(s) cannon64 runs as something else: ${summarizeUnsupported(silent)}`;
        if (ctx.flags.strict === true) throw new UsageError(`${what}; refusing (--strict)`);
        status(ctx, 'warn', `warning: ${what}; the program will misbehave where it reaches them (--strict refuses)`);
      }
      if (stops.length > 0)
        status(
          ctx,
          'info',
          `note: ${path}: ${stops.length} instruction word(s) cannon64 stops at with "invalid instruction" if they are reached: ${summarizeUnsupported(stops)}`,
        );
    }
    const patches = (flagString(ctx, 'patch') ?? '').split(',').filter(Boolean);
    for (const p of patches)
      if (!(PATCHES as readonly string[]).includes(p))
        throw new UsageError(`unknown patch "${p}" (expected one of: ${PATCHES.join(', ')})`);
    let state: ReturnType<typeof loadElfAs>;
    try {
      state = loadElfAs(type, elf, patches);
    } catch (e) {
      throw new UsageError(fileError(path, e));
    }
    const out = flagString(ctx, 'out');
    if (out && out !== '-') makeParentDir('--out', out);
    if (out) await writeStateFile(out, state);
    // Upstream writes meta.json into the working directory; here it goes beside the state (the
    // same place when --out is in the working directory), so nothing stray is left behind.
    const metaFlag = ctx.flags.meta;
    const meta = typeof metaFlag === 'string' ? metaFlag : out && out !== '-' ? join(dirname(out), 'meta.json') : '';
    if (meta) {
      makeParentDir('--meta', meta);
      writeJson(meta, makeMetadata(elf));
    }
    status(
      ctx,
      'info',
      `loaded ${elf.programs.length} program headers, ${state.memory.pageCount} pages; state hash ${bytesToHex(stateHashOf(state))}`,
    );
    return 0;
  },
};
