/**
 * Placeholders for sub-commands whose packages are not built yet. Each says what it will do
 * and exits 2, so nobody mistakes a plan for a feature.
 */
import type { CommandSpec } from '../command.js';

export function planned(name: string, summary: string, description: string): CommandSpec {
  return {
    name,
    summary: `${summary} (not built yet)`,
    description,
    run: (ctx) => {
      ctx.stderr(`faultline ${name}: not built yet — ${summary}`);
      return 2;
    },
  };
}
