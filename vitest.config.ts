import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/spec/**/*.test.ts', 'bench/**/*.test.ts', 'fuzz/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // One worker process runs file after file with its module graph kept: importing each file's
    // graph afresh cost ~4× the CPU of the tests themselves in the small packages (import time
    // 274 s → 28 s over the suite). Tests must therefore leave shared singletons as they found
    // them (a test that writes a WebAssembly kernel's memory takes its own instance).
    isolate: false,
  },
});
