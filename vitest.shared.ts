import type { ViteUserConfig } from 'vitest/config';

// Every package writes a JSON report that tools/test-summary adds up; nx caches it as the test output.
export const shared: ViteUserConfig = {
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};
