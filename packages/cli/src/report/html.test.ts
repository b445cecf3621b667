/**
 * The reports render: pages made by `block verify-fixture --html` (and the chart primitives) are
 * opened in headless Chromium and the screenshot is checked for the bars' colours — a page
 * that only parsed, or a chart with nothing drawn, has none of those pixels.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@faultline/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, screenshot } from '../../test-fixtures/chromium.js';
import { countColour, decodePng } from '../../test-fixtures/png.js';
import { type CommandSpec, logOptions, runCommand } from '../command.js';
import { blockCommand } from '../commands/block.js';
import { barChart, escapeHtml, htmlPage, lineChart } from './html.js';

const BLUE = '#2563eb';
const RED = '#dc2626';
const tmp = mkdtempSync(join(tmpdir(), 'faultline-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!CHROMIUM) console.warn('!!! report rendering tests SKIPPED: chromium is not installed (.ci/apt-packages has it)');

describe('HTML reports', () => {
  it('escapes text and draws one rect per bar, flagged ones in the second colour', () => {
    const svg = barChart('t', 'x', 'y', [
      { label: '<a>', value: 3 },
      { label: 'b', value: 5, flagged: true },
    ]);
    expect(svg.match(/<rect [^>]*class="bar"/g)).toHaveLength(2);
    expect(svg).toContain('&#60;a&#62;');
    expect(svg).toContain(`fill="${RED}"`);
    expect(escapeHtml(`"&'`)).toBe('&#34;&#38;&#39;');
  });

  it.runIf(CHROMIUM)('a page of charts renders in headless Chromium with its bars and lines drawn', () => {
    const file = join(tmp, 'charts.html');
    const line = lineChart('rate', 'step', 'steps/s', [
      {
        name: 'run',
        points: [
          [0, 1],
          [10, 5],
          [20, 3],
        ],
      },
    ]);
    const bars = barChart('gas', 'tx', 'gas', [
      { label: '0', value: 10 },
      { label: '1', value: 20, flagged: true },
    ]);
    writeFileSync(file, htmlPage('test', 'summary', [{ heading: 'a', body: line + bars }]));
    const img = decodePng(screenshot(file));
    expect(img.width).toBe(800);
    expect(countColour(img, BLUE)).toBeGreaterThan(2000);
    expect(countColour(img, RED)).toBeGreaterThan(2000);
  });

  const block = fixturePath('kona-exec-op-sepolia-26207960');
  it.runIf(CHROMIUM && block)('block verify-fixture --html: time per block, gas and time per transaction', async () => {
    const file = join(tmp, 'blocks.html');
    const root: CommandSpec = {
      name: 'faultline',
      summary: 'r',
      subcommands: [blockCommand],
      inheritedOptions: logOptions(),
    };
    const io = { stdout: () => {}, stderr: () => {} };
    expect(await runCommand(root, ['block', 'verify-fixture', '--html', file, block!], io)).toBe(0);
    const html = readFileSync(file, 'utf8');
    // One bar for the block, ten for gas and ten for time of its ten transactions.
    expect(html.match(/class="bar"/g)).toHaveLength(21);
    expect(html).toContain('Block 26207960 (kona-exec-op-sepolia-26207960): PASS, 10 txs');
    const img = decodePng(screenshot(file));
    expect(countColour(img, BLUE)).toBeGreaterThan(10_000);
    expect(countColour(img, RED)).toBe(0);
  });
});
