// The harbor provider through the Action: inputs from action.yml (a switch input as `true`), the admin
// password from the environment, a robot created against the Harbor test server, every secret masked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HarborTestServer, startHarborTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMaskedOnly, runAction } from './run-action.js';

const ADMIN = { username: 'ci-admin', password: 'CANARY-action-harbor-admin-6b0e', admin: true };
let harbor: HarborTestServer;
let dir: string;

beforeAll(async () => {
  harbor = await startHarborTestServer({ projects: ['team'], users: [ADMIN] });
  dir = mkdtempSync(join(tmpdir(), 'action-harbor-'));
  writeFileSync(join(dir, 'ca.pem'), harbor.caPem);
});
afterAll(async () => {
  await harbor?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Harbor through the Action', () => {
  it('creates a robot with push from its inputs and masks the admin password and the robot secret', async () => {
    const run = await runAction(
      {
        mode: 'manifest',
        provider: 'harbor',
        registry: 'harbor.example.com',
        'harbor-url': harbor.url,
        'harbor-auth': 'create-robot',
        'harbor-username': 'ci-admin',
        'harbor-project': 'team',
        'harbor-robot-name': 'gha',
        'harbor-robot-push': 'true',
        'secret-name': 'harbor-pull',
      },
      { HARBOR_PASSWORD: ADMIN.password, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') },
    );
    try {
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
      expect(run.code).toBe(0);
      const robot = harbor.robots.find((r) => r.storedName === 'team+gha')!;
      expect(robot.permissions[0]!.access.map((a) => a.action)).toEqual(['pull', 'push']);
      const lines = run.stdout.split('\n');
      expect(lines).toContain(`::add-mask::${ADMIN.password}`);
      expect(lines).toContain(`::add-mask::${robot.secret}`);
      const leaks = [
        ADMIN.password,
        robot.secret,
        Buffer.from(`robot$team+gha:${robot.secret}`).toString('base64'),
      ];
      expect(
        expectMaskedOnly(run.stdout + run.stderr + run.summary + run.outputFile, leaks, 'the run'),
      ).toBeUndefined();
      expect(harbor.violations).toEqual([]);
    } finally {
      await run.cleanup();
    }
  });
});
