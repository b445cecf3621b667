/**
 * The client as one script for QuickJS: esbuild bundles `entry.ts` and everything it imports
 * into an IIFE (no module loader, no top-level await inside the VM), then the host-built QuickJS
 * compiles it to bytecode (runtime/compile.c), which the ELF embeds. Paths are relative to the
 * repository and whitespace is minified, so the text — and the bytecode — depend only on the
 * sources, not on where the checkout lives.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BuildError } from './step.js';

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The define key, spelled so that no bundler that rewrites the `import.meta.url` expression
 * textually (the CLI's own build does, giving each file its URL) can turn it into a string.
 */
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');
const REPO_DIR = resolve(PACKAGE_DIR, '..', '..');

interface BrotliDictionaryModule {
  init(): void;
  dictionary: Uint8Array;
  offsetsByLength: Uint32Array;
  sizeBitsByLength: Uint8Array;
  minDictionaryWordLength: number;
  maxDictionaryWordLength: number;
}

/**
 * The `brotli` package's static dictionary (RFC 7932 appendix A, 122,784 bytes) is a
 * `new Uint8Array([...])` literal that its decoder builds when it loads. In QuickJS that literal
 * is ~600 KB of bytecode and a third of the program's start-up steps — paid by every run, though
 * only a Fjord brotli channel ever reads the dictionary. In the bundle the package's
 * `dictionary.js` is replaced by a module with the same exports whose dictionary is the same
 * bytes as base64, decoded on first use. The bytes are taken from the installed package here,
 * at build time; under Node the package loads as published.
 */
function lazyBrotliDictionary(): esbuild.Plugin {
  return {
    name: 'lazy-brotli-dictionary',
    setup(build) {
      build.onResolve({ filter: /^\.\/dictionary(\.js)?$/ }, (args) =>
        /[\\/]brotli[\\/]dec[\\/]/.test(args.importer)
          ? { path: 'brotli-dictionary', namespace: 'faultline' }
          : undefined,
      );
      build.onLoad({ filter: /^brotli-dictionary$/, namespace: 'faultline' }, () => {
        const req = createRequire(join(REPO_DIR, 'packages', 'derive', 'package.json'));
        const dict = req('brotli/dec/dictionary.js') as BrotliDictionaryModule;
        dict.init();
        const b64 = Buffer.from(dict.dictionary).toString('base64');
        const contents = `
var B64 = ${JSON.stringify(b64)};
var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decode() {
  var values = new Uint8Array(128);
  for (var i = 0; i < 64; i++) values[ALPHABET.charCodeAt(i)] = i;
  var out = new Uint8Array(${dict.dictionary.length});
  for (var i = 0, o = 0; i < B64.length; i += 4) {
    var n = (values[B64.charCodeAt(i)] << 18) | (values[B64.charCodeAt(i + 1)] << 12) |
      (values[B64.charCodeAt(i + 2)] << 6) | values[B64.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
exports.init = function () {};
Object.defineProperty(exports, 'dictionary', {
  configurable: true,
  get: function () {
    var bytes = decode();
    Object.defineProperty(exports, 'dictionary', { value: bytes });
    return bytes;
  },
});
exports.offsetsByLength = new Uint32Array(${JSON.stringify([...dict.offsetsByLength])});
exports.sizeBitsByLength = new Uint8Array(${JSON.stringify([...dict.sizeBitsByLength])});
exports.minDictionaryWordLength = ${dict.minDictionaryWordLength};
exports.maxDictionaryWordLength = ${dict.maxDictionaryWordLength};
`;
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * One script for QuickJS from `entry` (an IIFE; `globalName` exposes the entry's exports, for
 * tests). The client bundle is `bundleClient`'s; tests bundle smaller entries the same way.
 */
export async function bundleScript(
  entry: string,
  globalName?: string,
  defines: Record<string, string> = {},
): Promise<Uint8Array> {
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: REPO_DIR,
      bundle: true,
      format: 'iife',
      ...(globalName ? { globalName } : {}),
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      write: false,
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      // c-kzg is reached through Node's `require` only (evm's kzg-point-evaluation.ts), so the
      // one `import.meta.url` in the client graph is never read inside QuickJS.
      define: { [IMPORT_META_URL]: 'undefined', ...defines },
      logLevel: 'silent',
      plugins: [lazyBrotliDictionary()],
    });
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new BuildError(`bundling ${entry} failed: ${first?.text ?? (e as Error).message}${where}`);
  }
  return result.outputFiles[0]!.contents;
}

/** The program's entry: the fault-proof client. */
export const CLIENT_ENTRY = join(PACKAGE_DIR, 'src', 'entry.ts');

/** Bundles `entry` (default: the client) into `out` and returns its size. */
export async function bundleClient(
  out: string,
  entry = CLIENT_ENTRY,
  defines: Record<string, string> = {},
): Promise<number> {
  const bytes = await bundleScript(entry, undefined, defines);
  writeFileSync(out, bytes);
  return bytes.length;
}
