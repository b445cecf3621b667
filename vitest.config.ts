import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that replace a module with vi.mock: a module graph kept across files would hand their
 * mocked modules (and singletons built on them) to the files after them, so they run isolated.
 */
const MOCKING = ['packages/mips/src/page-hash-scalar.test.ts'];
const ALL = ['packages/*/src/**/*.test.ts', 'packages/*/spec/**/*.test.ts', 'bench/**/*.test.ts', 'fuzz/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        // One worker process runs file after file with its module graph kept: importing each
        // file's graph afresh cost ~4× the CPU of the tests themselves in the small packages
        // (import time 274 s → 28 s over the suite). Tests must therefore leave shared
        // singletons as they found them (a test that writes a WebAssembly kernel's memory takes
        // its own instance).
        test: { name: 'shared', isolate: false, include: ALL, exclude: [...configDefaults.exclude, ...MOCKING] },
      },
      { extends: true, test: { name: 'isolated', isolate: true, include: MOCKING } },
    ],
  },
});
