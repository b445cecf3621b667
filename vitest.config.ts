import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/spec/**/*.test.ts', 'bench/**/*.test.ts', 'fuzz/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
