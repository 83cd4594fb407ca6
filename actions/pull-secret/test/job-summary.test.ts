// A job summary that cannot be written is a warning: the Secret is written and the step succeeds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './run-action.js';

describe('job summary write failures', () => {
  let server: KubeTestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startKubeTestServer({ namespaces: ['apps', 'web'], serviceAccountDelayMs: 0 });
    dir = await mkdtemp(join(tmpdir(), 'pull-secret-summary-'));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a directory', 'apps', () => dir],
    ['a path in a directory that does not exist', 'web', () => join(dir, 'missing', 'summary.md')],
  ])(
    'GITHUB_STEP_SUMMARY is %s: the Secret is written, the step succeeds with a warning',
    async (_, namespace, summary) => {
      const run = await runAction(
        {
          registry: 'ghcr.io',
          username: 'me',
          password: 'CANARY-summary-pw',
          'secret-name': 'regcred',
          namespaces: namespace,
          kubeconfig: server.kubeconfig,
        },
        { GITHUB_STEP_SUMMARY: summary() },
      );
      try {
        expect(run.code, run.stdout).toBe(0);
        expect(run.stdout).not.toContain('::error::');
        expect(run.stdout).toMatch(/^::warning::Could not write the job summary/m);
        expect(server.store.get('secrets', namespace, 'regcred')).toBeDefined();
        expect(JSON.parse(run.outputs.namespaces!)[0]).toMatchObject({ namespace, outcome: 'created' });
      } finally {
        await run.cleanup();
      }
    },
  );
});
