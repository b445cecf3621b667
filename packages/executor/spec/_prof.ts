import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildBlock, parseKonaFixture } from '@faultline/executor';

const dirs = process.argv.slice(2);
const fxs = dirs.map((dir) =>
  parseKonaFixture(
    JSON.parse(readFileSync(`${dir}/fixture.json`, 'utf8')),
    JSON.parse(gunzipSync(readFileSync(`${dir}/kv.json.gz`)).toString()),
  ),
);
const w: number[] = [],
  c: number[] = [];
for (const fx of fxs) {
  const t = performance.now();
  const u = process.cpuUsage();
  buildBlock({ rollup: fx.rollup, parent: fx.parent, attributes: fx.attributes, nodes: fx.store, code: fx.store });
  const cu = process.cpuUsage(u);
  w.push(performance.now() - t);
  c.push((cu.user + cu.system) / 1000);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!.toFixed(0);
console.log('wall', w.map((x) => x.toFixed(0)).join(' '), 'median', med(w));
console.log('cpu ', c.map((x) => x.toFixed(0)).join(' '), 'median', med(c));
