/**
 * The claim tree as a picture: one row per claim in tree order, indented by depth, a line to its
 * parent, coloured by our computation (green right, red wrong, grey not computed), with the
 * split between the output and execution halves drawn across, countered claims struck through
 * and stepped leaves annotated with the instruction that decided them. `gameHtml` wraps the SVG
 * and a table of the same claims in one static page with no scripts or external resources.
 */
import type { ClaimReport, GameReport } from './game-view.js';

const ROW = 22;
const INDENT = 16;
const LEFT = 12;
const TOP = 64;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const short = (h: string) => `${h.slice(0, 10)}…${h.slice(-4)}`;

function treeOrder(r: GameReport): ClaimReport[] {
  const children = new Map<number | null, ClaimReport[]>();
  for (const c of r.claims) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const out: ClaimReport[] = [];
  const walk = (p: number | null) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c.index);
    }
  };
  walk(null);
  return out;
}

export function gameSvg(r: GameReport, names: Record<string, string> = {}): string {
  const rows = treeOrder(r);
  const who = (a: string) => names[a.toLowerCase()] ?? short(a);
  const width = LEFT + (r.maxGameDepth + 1) * INDENT + 760;
  const height = TOP + rows.length * ROW + r.decisions.length * ROW + 40;
  const y = new Map<number, number>();
  for (const [i, c] of rows.entries()) y.set(c.index, TOP + i * ROW);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${esc(`game ${r.address} — ${r.status}`)}</text>`,
    `<text x="${LEFT}" y="38">${esc(`root claim ${short(r.rootClaim)} for L2 block ${r.l2BlockNumber}; anchor block ${r.startingBlockNumber}; depth ${r.maxGameDepth}, split ${r.splitDepth}`)}</text>`,
  ];
  const splitX = LEFT + (r.splitDepth + 0.5) * INDENT;
  parts.push(
    `<line x1="${splitX}" y1="${TOP - 14}" x2="${splitX}" y2="${TOP + rows.length * ROW}" stroke="#bbb" stroke-dasharray="4 3"/>`,
    `<text x="${splitX + 4}" y="${TOP - 18}" fill="#888">split: outputs ← | → execution trace</text>`,
  );
  for (const c of rows) {
    const cy = y.get(c.index)!;
    const cx = LEFT + c.depth * INDENT;
    if (c.parent !== null) {
      const py = y.get(c.parent)!;
      const px = LEFT + (c.depth - 1) * INDENT;
      parts.push(`<path d="M${px} ${py + 4} V${cy} H${cx - 5}" fill="none" stroke="#999"/>`);
    }
    const fill = c.correct === undefined ? '#999' : c.correct ? '#2a8a3a' : '#c0392b';
    parts.push(`<circle cx="${cx}" cy="${cy}" r="5" fill="${fill}"><title>${esc(c.value)}</title></circle>`);
    const at = c.kind === 'output' ? `block ${c.block}` : `step ${BigInt(c.execIndex!) + 1n}`;
    const label = `#${c.index} d${c.depth} ${at} ${short(c.value)} · ${who(c.claimant)} · ${c.clockSeconds}s`;
    const deco = c.counteredBy ? ' text-decoration="line-through"' : '';
    const x = LEFT + (r.maxGameDepth + 1) * INDENT;
    parts.push(`<text x="${x}" y="${cy + 4}" fill="${fill}"${deco}>${esc(label)}</text>`);
    parts.push(`<line x1="${cx + 6}" y1="${cy}" x2="${x - 4}" y2="${cy}" stroke="#eee"/>`);
  }
  let dy = TOP + rows.length * ROW + 16;
  for (const d of r.decisions) {
    parts.push(
      `<text x="${LEFT}" y="${dy}">${esc(`leaf #${d.claim}: VM step ${d.step}, pc ${d.pc}: ${d.instruction}${d.preimage ? ` — reads ${d.preimage}` : ''}`)}</text>`,
    );
    dy += ROW;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function gameHtml(r: GameReport, names: Record<string, string> = {}): string {
  const rows = treeOrder(r)
    .map((c) => {
      const verdict = c.correct === undefined ? '' : c.correct ? 'right' : 'wrong';
      return `<tr class="${verdict}"><td>${c.index}</td><td>${c.parent ?? ''}</td><td>${c.depth}</td><td>${
        c.kind === 'output' ? `block ${c.block}` : `step ${BigInt(c.execIndex!) + 1n}`
      }</td><td><code>${esc(c.value)}</code></td><td>${esc(names[c.claimant.toLowerCase()] ?? c.claimant)}</td><td>${c.bond}</td><td>${
        c.clockSeconds
      }</td><td>${c.counteredBy ? esc(names[c.counteredBy.toLowerCase()] ?? c.counteredBy) : ''}</td><td>${verdict}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(`game ${r.address}`)}</title>
<style>body{font-family:sans-serif;margin:16px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}tr.right td:last-child{color:#2a8a3a}tr.wrong td:last-child{color:#c0392b}code{font-size:11px}</style>
</head><body>
<h1>${esc(`Game ${r.address}`)}</h1>
<p>${esc(`${r.status}: root claim ${r.rootClaim} for L2 block ${r.l2BlockNumber}; anchor ${r.startingOutputRoot} at block ${r.startingBlockNumber}; L1 head ${r.l1Head}`)}</p>
${gameSvg(r, names)}
<table><tr><th>#</th><th>parent</th><th>depth</th><th>commits to</th><th>value</th><th>claimant</th><th>bond (wei)</th><th>clock (s)</th><th>countered by</th><th>ours</th></tr>
${rows}
</table>
</body></html>
`;
}
