// The ovh provider through the Action: the registry user's password, which OVH answers once, is masked
// before anything is printed, and reaches no log, summary or output; nor do the application secret and
// consumer key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OvhTestServer, startOvhTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectMaskedOnly, runAction } from './run-action.js';

const AS = 'CANARY-action-ovh-application-secret';
const CK = 'CANARY-action-ovh-consumer-key';
const HOST = 'abcd1234.c1.gra9.container-registry.ovh.net';

let server: OvhTestServer;
let dir: string;
beforeAll(async () => {
  server = await startOvhTestServer({
    applications: [{ applicationKey: 'ak-action', applicationSecret: AS }],
    consumerKeys: [{ consumerKey: CK, applicationKey: 'ak-action' }],
    projects: { p1: [{ id: 'reg-1', name: 'shop', url: `https://${HOST}` }] },
  });
  dir = mkdtempSync(join(tmpdir(), 'pull-secret-action-ovh-'));
  writeFileSync(join(dir, 'ca.pem'), server.caPem);
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('masks the once-only password of the user it makes, and every OVH secret', async () => {
  const run = await runAction(
    {
      mode: 'manifest',
      'secret-name': 'ovh-pull',
      registry: HOST,
      'ovh-endpoint': server.url,
      'ovh-application-key': 'ak-action',
      'ovh-application-secret': AS,
      'ovh-project': 'p1',
      'ovh-user-login': 'gha-puller',
    },
    { OVH_CONSUMER_KEY: CK, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') },
  );
  try {
    expect(run.code).toBe(0);
    const password = server.users.find((user) => user.login === 'gha-puller')!.password;
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const secret of [password, AS, CK]) expect(masks).toContain(`::add-mask::${secret}`);
    expect(run.stdout).toMatch(/OVH shows the password of registry user "gha-puller" only once/);
    expect(
      expectMaskedOnly(run.stdout + run.summary + run.outputFile, [password, AS, CK], 'the run'),
    ).toBeUndefined();
  } finally {
    await run.cleanup();
  }
});
