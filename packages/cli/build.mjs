// The `faultline` bin's build: esbuild bundles src/main.ts and every @faultline package it
// imports into dist/faultline.mjs, so a start parses one JavaScript file instead of compiling
// ~400 TypeScript files through tsx (1.5-3.8 CPU-seconds per call before; issue 19).
//
// Run by `npm install` (this package's `prepare`) and by the bin itself when dist/ is missing or
// older than a source it was built from (dist/manifest.json lists every input with its mtime and
// size), so a checkout never runs stale code and needs no build command of its own.
//
// `import.meta.url` is replaced in every bundled file by that file's own URL: the sources find
// worker scripts, the bin, package folders and native modules (c-kzg) relative to themselves,
// and must keep finding them from inside one bundle. Native or self-spawning packages (lmdb,
// esbuild, tsx, c-kzg) stay external and are resolved from node_modules as before.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DIST = join(HERE, 'dist');
export const BUNDLE = join(DIST, 'faultline.mjs');
export const MANIFEST = join(DIST, 'manifest.json');
const ENTRY = join(HERE, 'src', 'main.ts');
const EXTERNAL = ['lmdb', 'esbuild', 'tsx', 'c-kzg', 'vitest', 'fast-check'];

/** True when the bundle exists and no input changed since it was built. */
export function isFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    statSync(BUNDLE);
  } catch {
    return false;
  }
  // Absolute paths, so a start costs one stat per input and no path arithmetic (~370 files).
  for (const [path, [mtime, size]] of Object.entries(manifest.inputs)) {
    const s = statSync(path, { throwIfNoEntry: false });
    if (s === undefined || s.mtimeMs !== mtime || s.size !== size) return false;
  }
  return true;
}

const selfUrlPlugin = {
  name: 'faultline-self-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('ts') ? 'ts' : 'js',
      };
    });
  },
};

/**
 * How the sources become the JavaScript that runs: shared by the bin's build below and by the
 * benchmarks (bench/bundle.ts), which must time the code a user runs, not tsx's per-file output.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  plugins: [selfUrlPlugin],
  logLevel: 'silent',
  minify: true,
  keepNames: false,
  // A bundled CommonJS package (brotli) may call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __faultlineCreateRequire } from 'node:module'; const require = __faultlineCreateRequire(import.meta.url);",
  },
};

/** Builds dist/ (written under temporary names and renamed, so concurrent starts never see half a file). */
export async function build() {
  const esbuild = await import('esbuild');
  // esbuild reads each input some time after this: an input saved after this moment may be in
  // the bundle with its old content, so it is recorded as stale (rebuilt at the next start).
  const started = Date.now();
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [ENTRY],
    absWorkingDir: HERE,
    write: false,
    outdir: DIST,
    // One chunk per lazily loaded command module (commands/index.ts), shared code in its own
    // chunks: `faultline --help` loads the command table only. Chunk names carry a content hash,
    // so a process that started before a rebuild still finds the chunks it loads later.
    splitting: true,
    entryNames: 'faultline',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'external',
    metafile: true,
  });
  mkdirSync(join(DIST, 'chunks'), { recursive: true });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const abs = resolve(HERE, input.replace(/^[a-z-]+:/, ''));
    try {
      const s = statSync(abs);
      inputs[abs] = [s.mtimeMs >= started ? -1 : s.mtimeMs, s.size];
    } catch {
      // A virtual module (a plugin's namespace) has no file to watch.
    }
  }
  const tag = `${process.pid}.${Date.now()}.tmp`;
  for (const file of result.outputFiles) {
    writeFileSync(`${file.path}.${tag}`, file.contents);
    renameSync(`${file.path}.${tag}`, file.path);
  }
  writeFileSync(`${MANIFEST}.${tag}`, `${JSON.stringify({ inputs })}\n`);
  renameSync(`${MANIFEST}.${tag}`, MANIFEST);
  removeStaleChunks(new Set(result.outputFiles.map((f) => f.path)));
}

/** Chunks no build references any more, once old enough that no running process still loads them. */
function removeStaleChunks(current) {
  const dir = join(DIST, 'chunks');
  const cutoff = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (!current.has(path) && !current.has(path.replace(/\.map$/, '')) && statSync(path).mtimeMs < cutoff)
        unlinkSync(path);
    } catch {
      // Removed by a concurrent build.
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await build();
  } catch (e) {
    // `npm install` must not fail on this: the bin rebuilds (or falls back to tsx) on first use.
    process.stderr.write(`faultline: build skipped: ${String(e?.message ?? e).split('\n')[0]}\n`);
  }
}
