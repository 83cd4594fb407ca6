// `pull-secret status` end to end: the BUILT command against a kube-test-server that `pull-secret apply`
// (also the built command) has written to. Status only reads, never prints a secret.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSecret,
  type KubeCliHarness,
  type KubeCliRun,
  secretForms,
  startKubeCli,
  tableRows,
} from './kube-cli.js';

const CANARY = `CANARY-cli-apply-${randomBytes(6).toString('hex')}`;
const LEAKS = secretForms('me', CANARY);

let kube: KubeCliHarness;

async function run(args: string[], stdin?: string): Promise<KubeCliRun> {
  const result = await kube.run(args, stdin);
  expectNoSecret(result.stdout, LEAKS, 'stdout');
  expectNoSecret(result.stderr, LEAKS, 'stderr');
  return result;
}

beforeAll(async () => {
  kube = await startKubeCli({ namespaces: ['web', 'jobs', 'empty'] });
  const credential = ['--username', 'me', '--password-stdin'];
  const applied = [
    await run(
      [
        'apply',
        'regcred',
        '--server',
        'ghcr.io',
        ...credential,
        '-n',
        'web,jobs',
        '--service-account',
        'default',
      ],
      CANARY,
    ),
    await run(
      ['apply', 'quay', '--server', 'quay.io', '--server', 'ghcr.io', ...credential, '-n', 'web'],
      CANARY,
    ),
  ];
  expect(applied.map((result) => result.code)).toEqual([0, 0]);
  const { store } = kube.server;
  // Another ServiceAccount that uses regcred, one managed Secret that expires, one pull-secret did not make.
  store.put({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder', namespace: 'web' },
    imagePullSecrets: [{ name: 'regcred' }, { name: 'quay-other' }],
  });
  const expiring = store.get('secrets', 'jobs', 'regcred')!;
  store.put({
    ...expiring,
    metadata: {
      ...expiring.metadata,
      name: 'ecr',
      annotations: {
        'pull-secret.dev/registries': '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        'pull-secret.dev/provider': 'ecr',
        'pull-secret.dev/expires-at': '2030-01-02T03:04:05Z',
      },
    },
  });
  store.put({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/dockerconfigjson',
    metadata: { name: 'handmade', namespace: 'web' },
    data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
  });
});

afterAll(async () => {
  await kube?.close();
});

describe('pull-secret status (built CLI against kube-test-server)', () => {
  it('status -A lists every managed Secret with registries, provider, expiry and ServiceAccounts', async () => {
    const result = await run(['status', '-A']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(tableRows(result.stdout)).toEqual([
      ['NAMESPACE', 'NAME', 'REGISTRIES', 'PROVIDER', 'EXPIRES-AT', 'SERVICEACCOUNTS'],
      ['jobs', 'ecr', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'ecr', '2030-01-02T03:04:05Z', ''],
      ['jobs', 'regcred', 'ghcr.io', 'static', '', 'default'],
      ['web', 'quay', 'ghcr.io,quay.io', 'static', '', ''],
      ['web', 'regcred', 'ghcr.io', 'static', '', 'builder,default'],
    ]);
    expect(result.stdout).not.toContain('handmade');
    expect(result.writes).toEqual([]);
  });

  it('status -n NS -o json gives the same facts for one namespace', async () => {
    const result = await run(['status', '-n', 'web', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      secrets: [
        {
          namespace: 'web',
          name: 'quay',
          registries: ['ghcr.io', 'quay.io'],
          provider: 'static',
          serviceAccounts: [],
        },
        {
          namespace: 'web',
          name: 'regcred',
          registries: ['ghcr.io'],
          provider: 'static',
          serviceAccounts: ['builder', 'default'],
        },
      ],
    });
  });

  it('status -A -o json includes the expiry and every namespace', async () => {
    const result = await run(['status', '-A', '-o', 'json']);
    expect(result.code).toBe(0);
    const { secrets } = JSON.parse(result.stdout) as { secrets: { namespace: string; name: string }[] };
    expect(secrets.map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'jobs/ecr',
      'jobs/regcred',
      'web/quay',
      'web/regcred',
    ]);
    expect(secrets[0]).toMatchObject({
      provider: 'ecr',
      expiresAt: '2030-01-02T03:04:05Z',
      serviceAccounts: [],
    });
  });

  it('says so when a namespace has no managed Secret', async () => {
    const result = await run(['status', '-n', 'empty']);
    expect(result).toMatchObject({
      code: 0,
      stdout: 'No pull secrets managed by pull-secret in namespace empty.\n',
    });
  });

  it('exits 2 on -n with -A and on an unknown output format', async () => {
    const both = await run(['status', '-n', 'web', '-A']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: -n cannot be combined with --all-namespaces\.\nhint: /);
    const format = await run(['status', '-A', '-o', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^error: /);
    expect([...both.writes, ...format.writes]).toEqual([]);
  });

  it('shows crafted annotations on one row each, escape sequences escaped and user info hidden', async () => {
    const { store } = kube.server;
    const base = store.get('secrets', 'jobs', 'regcred')!;
    store.put({
      ...base,
      metadata: {
        ...base.metadata,
        namespace: 'empty',
        name: 'crafted',
        annotations: {
          'pull-secret.dev/registries': 'https://me:TOK/EN@ghcr.io,quay.io\nweb   faked   row',
          'pull-secret.dev/provider': '\u001b[2Jstatic\r',
        },
      },
    });
    try {
      const result = await run(['status', '-n', 'empty']);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/[\u001b\r]|TOK\/EN/);
      expect(tableRows(result.stdout)).toEqual([
        ['NAMESPACE', 'NAME', 'REGISTRIES', 'PROVIDER', 'EXPIRES-AT', 'SERVICEACCOUNTS'],
        [
          'empty',
          'crafted',
          'https://***@ghcr.io,quay.io\\nweb   faked   row',
          '\\u001b[2Jstatic\\r',
          '',
          '',
        ],
      ]);
      const json = await run(['status', '-n', 'empty', '-o', 'json']);
      expect(json.stdout).not.toContain('TOK/EN');
    } finally {
      store.delete('secrets', 'empty', 'crafted');
    }
  });
});
