import type { ViteUserConfig } from 'vitest/config';

// Every package writes a JSON report that tools/test-summary adds up; nx caches it as the test output.
export const shared: ViteUserConfig = {
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A test that skips when a program is missing carries one of these; tools/test-summary counts the
    // skipped tests per tag and prints what to install.
    tags: [
      { name: 'needs-kubectl', description: 'kubectl on PATH (the oracle for Secret bytes)' },
      { name: 'needs-docker-registry', description: "Debian's docker-registry (a real registry)" },
      {
        name: 'needs-helm',
        description: 'a helm binary (HELM_BIN, PATH, or the npm package tools/helm unpacks)',
      },
      { name: 'needs-openssl', description: 'openssl on PATH' },
      {
        name: 'needs-pod-sandbox',
        description: 'root with unshare, mount and setpriv: a private mount namespace standing for a pod',
      },
    ],
  },
};
