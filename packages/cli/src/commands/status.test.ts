import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoSecret, runCli } from '../../test/run-cli.js';

describe('pull-secret status', () => {
  it('never echoes the user info of a kubeconfig server URL', async () => {
    const token = 'CANARY-server-userinfo-5e1f';
    const dir = await mkdtemp(join(tmpdir(), 'pull-secret-status-'));
    try {
      const kubeconfig = join(dir, 'config');
      await writeFile(
        kubeconfig,
        `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://me:${token}/x@127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
      );
      const run = await runCli(['status', '--kubeconfig', kubeconfig, '--request-timeout', '2s']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: /);
      expectNoSecret(run.stdout + run.stderr, [token, `${token}/x`], 'the output');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
