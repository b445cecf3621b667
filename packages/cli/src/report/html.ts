/**
 * A self-contained HTML page with inline SVG charts, for reports people would rather look at
 * than read (`cannon run --html`, `block verify-fixture --html`). No script, no external asset:
 * the file opens offline in any browser and renders the same in headless Chromium (tested).
 * Charts are drawn here in a few lines of SVG rather than with a charting library, because the
 * needs are small (lines over time, bars per item) and the page must not fetch anything.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
const W = 720;
const H = 260;
const PAD = { left: 70, right: 16, top: 28, bottom: 40 };

/** A short human form of a number for axis labels (1.2k, 3.4M, 5.6G). */
export function shortNumber(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 0 : 1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(a >= 100 ? 0 : 1);
}

/** Axes, grid and labels; `maxX` undefined for an axis of items (bar charts label their bars). */
function axes(
  title: string,
  xLabel: string,
  yLabel: string,
  maxX: number | undefined,
  maxY: number,
  minX = 0,
): string[] {
  const out: string[] = [];
  const x0 = PAD.left;
  const y0 = H - PAD.bottom;
  out.push(`<text x="${W / 2}" y="18" text-anchor="middle" class="title">${escapeHtml(title)}</text>`);
  out.push(`<line x1="${x0}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}" class="axis"/>`);
  out.push(`<line x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}" class="axis"/>`);
  for (let i = 0; i <= 4; i++) {
    const y = y0 - ((y0 - PAD.top) * i) / 4;
    out.push(`<line x1="${x0}" y1="${y}" x2="${W - PAD.right}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${shortNumber((maxY * i) / 4)}</text>`);
    if (maxX === undefined) continue;
    const x = x0 + ((W - PAD.right - x0) * i) / 4;
    out.push(
      `<text x="${x}" y="${y0 + 16}" text-anchor="middle">${shortNumber(minX + ((maxX - minX) * i) / 4)}</text>`,
    );
  }
  out.push(`<text x="${W / 2}" y="${H - 6}" text-anchor="middle">${escapeHtml(xLabel)}</text>`);
  out.push(
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${escapeHtml(yLabel)}</text>`,
  );
  return out;
}

/** Lines over a numeric x axis (e.g. steps/s over steps), one per series, with a legend. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points);
  const minX = Math.min(0, ...all.map((p) => p[0]));
  const maxX = Math.max(1, ...all.map((p) => p[0]));
  const maxY = Math.max(1, ...all.map((p) => p[1])) * 1.05;
  const sx = (x: number) => PAD.left + ((x - minX) / (maxX - minX || 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - (y / maxY) * (H - PAD.top - PAD.bottom);
  const out = axes(title, xLabel, yLabel, maxX, maxY, minX);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const d = s.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    if (s.points.length > 1) out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" class="series"/>`);
    for (const [x, y] of s.points.length <= 60 ? s.points : [])
      out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    out.push(`<rect x="${W - 190}" y="${PAD.top + 4 + i * 16}" width="10" height="10" fill="${color}"/>`);
    out.push(`<text x="${W - 176}" y="${PAD.top + 13 + i * 16}">${escapeHtml(s.name)}</text>`);
  });
  return svg(out);
}

export interface Bar {
  label: string;
  value: number;
  /** Drawn in the second colour (e.g. a failed transaction, a mismatching block). */
  flagged?: boolean;
  /** Tooltip text. */
  note?: string;
}

/** One bar per item (transactions, blocks, key types), labelled below when there is room. */
export function barChart(title: string, xLabel: string, yLabel: string, bars: readonly Bar[]): string {
  const maxY = Math.max(1, ...bars.map((b) => b.value)) * 1.05;
  const out = axes(title, xLabel, yLabel, undefined, maxY);
  const inner = W - PAD.left - PAD.right;
  const slot = inner / Math.max(1, bars.length);
  const labelled = bars.length <= 24;
  bars.forEach((b, i) => {
    const h = (b.value / maxY) * (H - PAD.top - PAD.bottom);
    const x = PAD.left + i * slot + slot * 0.1;
    const y = H - PAD.bottom - h;
    const color = b.flagged ? PALETTE[1] : PALETTE[0];
    const tip = escapeHtml(`${b.label}: ${b.value}${b.note ? ` — ${b.note}` : ''}`);
    out.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, slot * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}" class="bar"><title>${tip}</title></rect>`,
    );
    if (labelled)
      out.push(
        `<text x="${(x + slot * 0.4).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${escapeHtml(b.label)}</text>`,
      );
  });
  return svg(out);
}

function svg(parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${parts.join('')}</svg>`;
}

/** A table; cells are escaped. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number | bigint)[])[]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export interface Section {
  heading: string;
  /** HTML (charts, tables, paragraphs made with `escapeHtml`). */
  body: string;
}

/** The whole page. */
export function htmlPage(title: string, summary: string, sections: readonly Section[]): string {
  const css = `body{font:14px system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
svg{background:#fafafa;border:1px solid #ddd;margin:6px 0}svg text{font-size:11px;fill:#333}svg .title{font-size:13px;font-weight:600}
.axis{stroke:#555}.grid{stroke:#e5e5e5}table{border-collapse:collapse;font:12px ui-monospace,monospace}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th{background:#f0f0f0}.summary{white-space:pre-wrap;font-family:ui-monospace,monospace}`;
  const body = sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.body}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${css}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="summary">${escapeHtml(summary)}</p>
${body}
</body></html>
`;
}
