/**
 * What `cannon run --html` shows: steps per second and pages in use over the run (from the
 * runner's info lines), and pre-image traffic by key type (counted by a wrapper around the
 * host oracle). With `--html-compare`, the step checkpoints of an earlier run's report are
 * compared with this run's, and the first step where the state hashes differ is shown.
 */

import type { PreimageOracle } from '@faultline/mips';
import { KEY_TYPES } from '@faultline/preimage';
import { barChart, escapeHtml, htmlPage, lineChart, type Section, table } from '../report/html.js';

export interface RunSample {
  step: number;
  seconds: number;
  stepsPerSecond: number;
  pages: number;
}

export interface Checkpoint {
  step: number;
  hash: string;
}

export interface RunRecord {
  input: string;
  outcome: string;
  finalStep: number;
  finalHash: string;
  samples: RunSample[];
  /** Reads and bytes by key type name. */
  preimages: Record<string, { reads: number; bytes: number }>;
  hints: number;
  checkpoints: Checkpoint[];
}

const TYPE_NAMES = new Map<number, string>(Object.entries(KEY_TYPES).map(([name, t]) => [t.byte, name]));

/** Counts reads and bytes per key type of every pre-image the program reads. */
export class CountingOracle implements PreimageOracle {
  readonly counts: Record<string, { reads: number; bytes: number }> = {};
  hints = 0;
  constructor(private readonly inner: PreimageOracle) {}
  getPreimage(key: Uint8Array): Uint8Array {
    const value = this.inner.getPreimage(key);
    const name = TYPE_NAMES.get(key[0]!) ?? `type ${key[0]}`;
    const c = (this.counts[name] ??= { reads: 0, bytes: 0 });
    c.reads++;
    c.bytes += value.length;
    return value;
  }
  hint(hint: Uint8Array): void {
    this.hints++;
    this.inner.hint(hint);
  }
}

/** A sample from one of the runner's info lines (`step=… ips=… pages=…`), or undefined. */
export function sampleOf(line: string, seconds: number): RunSample | undefined {
  const m = /^step=(\d+) .*\bips=(\d+) pages=(\d+)/.exec(line);
  return m ? { step: Number(m[1]), seconds, stepsPerSecond: Number(m[2]), pages: Number(m[3]) } : undefined;
}

/** The first checkpoint step both runs have whose hashes differ (or undefined if none). */
export function firstDivergence(
  a: readonly Checkpoint[],
  b: readonly Checkpoint[],
): { step: number; a: string; b: string } | undefined {
  const other = new Map(b.map((c) => [c.step, c.hash]));
  for (const c of [...a].sort((x, y) => x.step - y.step)) {
    const h = other.get(c.step);
    if (h !== undefined && h !== c.hash) return { step: c.step, a: c.hash, b: h };
  }
  return undefined;
}

const DATA_START = '<script type="application/json" id="faultline-run">';

/** The record embedded in a report, so a later run can compare against it. */
export function recordFromReport(html: string): RunRecord | undefined {
  const at = html.indexOf(DATA_START);
  if (at < 0) return undefined;
  const end = html.indexOf('</script>', at);
  return JSON.parse(html.slice(at + DATA_START.length, end).replaceAll('\\u003c', '<')) as RunRecord;
}

export function runReport(run: RunRecord, previous?: RunRecord): string {
  const sections: Section[] = [];
  sections.push({
    heading: 'Speed and memory',
    body:
      lineChart('Steps per second', 'step', 'steps/s', [
        { name: 'this run', points: run.samples.map((s) => [s.step, s.stepsPerSecond]) },
        ...(previous
          ? [{ name: 'compared run', points: previous.samples.map((s) => [s.step, s.stepsPerSecond] as const) }]
          : []),
      ]) +
      lineChart('Pages touched (4 KiB each)', 'step', 'pages', [
        { name: 'this run', points: run.samples.map((s) => [s.step, s.pages]) },
        ...(previous
          ? [{ name: 'compared run', points: previous.samples.map((s) => [s.step, s.pages] as const) }]
          : []),
      ]),
  });
  const types = Object.entries(run.preimages).sort((a, b) => b[1].reads - a[1].reads);
  sections.push({
    heading: 'Pre-image traffic',
    body:
      barChart(
        'Pre-image reads by key type',
        'key type',
        'reads',
        types.map(([name, c]) => ({ label: name, value: c.reads })),
      ) +
      table(
        ['key type', 'reads', 'bytes'],
        [...types.map(([n, c]) => [n, c.reads, c.bytes]), ['hints', run.hints, '']],
      ),
  });
  if (previous) {
    const d = firstDivergence(run.checkpoints, previous.checkpoints);
    const same = run.checkpoints.filter((c) => previous.checkpoints.some((p) => p.step === c.step)).length;
    sections.push({
      heading: 'Where the two runs diverge',
      body: d
        ? `<p>First differing checkpoint: step ${d.step}.</p>${table(
            ['run', 'state hash at that step'],
            [
              ['this run', d.a],
              ['compared run', d.b],
            ],
          )}`
        : `<p>${escapeHtml(`No divergence at the ${same} checkpoints both runs have (final steps ${run.finalStep} and ${previous.finalStep}).`)}</p>`,
    });
  }
  const summary = `${run.input}: ${run.outcome} at step ${run.finalStep}, state hash ${run.finalHash}`;
  const data = `${DATA_START}${JSON.stringify(run).replaceAll('<', '\\u003c')}</script>`;
  return htmlPage('faultline cannon run', summary, sections).replace('</body>', `${data}\n</body>`);
}
