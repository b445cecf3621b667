/**
 * `faultline cannon list`: the state versions (upstream's `cannon list`), each with the name
 * `load-elf --type` takes and what this VM does with it: run it, or only read and write it back.
 */
import { CANNON64_VERSION, MT_VERSION_NAMES, STATE_VERSION, VM_TYPES } from '@faultline/mips';
import { type CommandSpec, flagBool } from '../command.js';

interface VersionRow {
  version: number;
  type: string;
  arch: 'mips32' | 'mips64';
  runs: boolean;
}

export function stateVersions(): VersionRow[] {
  const rows: VersionRow[] = [
    { version: STATE_VERSION.SINGLE_THREADED, type: 'singlethreaded', arch: 'mips32', runs: true },
    { version: STATE_VERSION.SINGLE_THREADED_2, type: 'singlethreaded-2', arch: 'mips32', runs: true },
  ];
  for (const [v, name] of Object.entries(MT_VERSION_NAMES)) {
    const version = Number(v);
    rows.push({
      version,
      type: name,
      arch: name.includes('64') ? 'mips64' : 'mips32',
      runs: version === CANNON64_VERSION,
    });
  }
  return rows.sort((a, b) => a.version - b.version);
}

export const cannonListCommand: CommandSpec = {
  name: 'list',
  summary: 'list the VM state versions, their load-elf --type names and which ones run here',
  options: [{ name: 'json', help: 'print the list as JSON' }],
  run: (ctx) => {
    const rows = stateVersions();
    if (flagBool(ctx, 'json')) {
      ctx.stdout(JSON.stringify(rows));
      return 0;
    }
    const loadable = new Set(Object.keys(VM_TYPES));
    ctx.stdout('VERSION  TYPE                ARCH    HERE');
    for (const r of rows) {
      const here = r.runs ? (loadable.has(r.type) ? 'runs (load-elf --type)' : 'runs') : 'read and written only';
      ctx.stdout(`${String(r.version).padEnd(8)} ${r.type.padEnd(19)} ${r.arch.padEnd(7)} ${here}`);
    }
    return 0;
  },
};
