import { type RegistryCredential, wordOptions } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { type ApplyPullSecretOptions, applyPullSecret, planWrite } from './apply-pull-secret.js';
import type { KubeApi } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import type { SecretManifest } from './manifest-types.js';
import { pullSecretManifest } from './pull-secret-manifest.js';

const CANARY = 'CANARY-plan-93b1';
const ghcr: RegistryCredential = { registry: 'ghcr.io', username: 'me', password: CANARY };
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: 'quay-pass' };
const options = (extra: Partial<ApplyPullSecretOptions> = {}): ApplyPullSecretOptions => ({
  name: 'regcred',
  credentials: [ghcr],
  targets: {},
  ...extra,
});
const stored = (credentials: RegistryCredential[], edit: (secret: SecretManifest) => void = () => {}) => {
  const secret = { ...pullSecretManifest({ name: 'regcred', namespace: 'apps', credentials }) };
  secret.metadata = { ...secret.metadata, resourceVersion: '42', uid: 'u-1' };
  edit(secret);
  return secret;
};
// What a front end shows: the reason, then the hint with its options worded as the CLI words them.
const said = (result: { reason?: string; hint?: string }) =>
  wordOptions([result.reason, result.hint].filter(Boolean).join('; '), (option) => `--${option}`);
const auths = (secret: SecretManifest) =>
  Object.keys(JSON.parse(Buffer.from(secret.data!['.dockerconfigjson']!, 'base64').toString()).auths);

describe('planWrite', () => {
  it('creates when nothing is there', () => {
    const { result, desired } = planWrite('apps', undefined, options());
    expect(result).toMatchObject({ outcome: 'created', registries: ['ghcr.io'], ok: true });
    expect(desired.metadata).toMatchObject({ name: 'regcred', namespace: 'apps' });
  });

  it('merges: other registries stay, the resourceVersion is kept as precondition', () => {
    const { result, desired } = planWrite('apps', stored([quay]), options());
    expect(result.outcome).toBe('updated');
    expect(auths(desired)).toEqual(['ghcr.io', 'quay.io']);
    expect(desired.metadata.resourceVersion).toBe('42');
    expect(desired.metadata.annotations!['pull-secret.dev/registries']).toBe('ghcr.io,quay.io');
    expect(result.changes).toContain('+ registry ghcr.io');
  });

  it('never shows user info in a stored registry key: diff lines, annotation, decode errors', () => {
    const leaky: RegistryCredential = {
      registry: 'https://bob:CANARY-key-info@reg.example.com',
      username: 'b',
      password: 'p',
    };
    const { result, desired } = planWrite('apps', stored([leaky]), options({ replace: true }));
    const shown = JSON.stringify([result.changes, desired.metadata.annotations]);
    expect(shown.includes('CANARY-key-info')).toBe(false);
    expect(result.changes).toContain('- registry https://***@reg.example.com');

    const broken = stored([leaky], (secret) => {
      secret.data = {
        '.dockerconfigjson': Buffer.from(
          '{"auths":{"https://bob:CANARY-key-info@reg.example.com":{"auth":"!!"}}}',
        ).toString('base64'),
      };
    });
    const failed = planWrite('apps', broken, options()).result;
    expect(failed.ok).toBe(false);
    expect(String(failed.reason).includes('CANARY-key-info')).toBe(false);
  });

  it('--replace drops the others', () => {
    const { desired, result } = planWrite('apps', stored([quay]), options({ replace: true }));
    expect(auths(desired)).toEqual(['ghcr.io']);
    expect(result.changes).toContain('- registry quay.io');
  });

  it('is unchanged when the same credentials are applied again', () => {
    expect(planWrite('apps', stored([ghcr]), options()).result.outcome).toBe('unchanged');
    expect(planWrite('apps', stored([quay, ghcr]), options()).result.outcome).toBe('unchanged');
  });

  it('with the same entries stored, still updates the provider and expiry annotations', () => {
    const expiresAt = new Date('2030-01-02T03:04:05Z');
    const { result, desired } = planWrite(
      'apps',
      stored([ghcr]),
      options({ credentials: [{ ...ghcr, expiresAt }], provider: 'ecr' }),
    );
    expect(result.outcome).toBe('updated');
    expect(result.changes).toEqual([
      '~ secret apps/regcred',
      '~ annotation pull-secret.dev/provider: static → ecr',
      '~ annotation pull-secret.dev/expires-at: (none) → 2030-01-02T03:04:05Z',
    ]);
    expect(desired.data).toEqual(stored([ghcr]).data);
    expect(planWrite('apps', stored([ghcr]), options({ replace: true })).result.outcome).toBe('unchanged');
  });

  it('updates when only the password changed, without saying the password', () => {
    const { result } = planWrite('apps', stored([{ ...ghcr, password: 'old' }]), options());
    expect(result.outcome).toBe('updated');
    expect(result.changes).toContain('~ registry ghcr.io (new credentials)');
    expect(JSON.stringify(result.changes)).not.toContain(CANARY);
  });

  it('refuses a Secret it did not create, unless forced, and keeps its entries when forced', () => {
    const foreign = stored([quay], (secret) => {
      secret.metadata.labels = { app: 'x' };
      secret.metadata.annotations = { owner: 'team-a' };
    });
    const refused = planWrite('apps', foreign, options()).result;
    expect(refused).toMatchObject({ outcome: 'refused', ok: false });
    expect(said(refused)).toMatch(/not created by pull-secret; pass --force/);
    const { result, desired } = planWrite('apps', foreign, options({ force: true }));
    expect(result.outcome).toBe('updated');
    expect(auths(desired)).toEqual(['ghcr.io', 'quay.io']);
    expect(desired.metadata.labels).toEqual({ app: 'x', 'app.kubernetes.io/managed-by': 'pull-secret' });
    expect(desired.metadata.annotations!.owner).toBe('team-a');
  });

  it('refuses a Secret of another type, even with --force', () => {
    const opaque = stored([], (secret) => {
      secret.type = 'Opaque';
    });
    const { result } = planWrite('apps', opaque, options({ force: true }));
    expect(result.outcome).toBe('refused');
    expect(result.reason).toMatch(/type Opaque, and a Secret's type cannot change/);
  });

  it('fails on an unreadable existing payload unless --replace', () => {
    const broken = stored([], (secret) => {
      secret.data = {
        '.dockerconfigjson': Buffer.from(`{"auths":{"x.io":{"auth":"${CANARY}!"}}}`).toString('base64'),
      };
    });
    const failed = planWrite('apps', broken, options()).result;
    expect(failed.outcome).toBe('failed');
    expect(said(failed)).toMatch(/pass --replace/);
    expect(failed.reason).not.toContain(CANARY);
    expect(planWrite('apps', broken, options({ replace: true })).result.outcome).toBe('updated');
  });

  it('keeps other data keys and drops a stale expiry annotation', () => {
    const withExtra = stored([ghcr], (secret) => {
      secret.data = { ...secret.data, other: 'eA==' };
      secret.metadata.annotations = {
        ...secret.metadata.annotations,
        'pull-secret.dev/expires-at': '2020-01-01T00:00:00Z',
      };
    });
    const { result, desired } = planWrite('apps', withExtra, options());
    expect(result.outcome).toBe('updated');
    expect(desired.data!.other).toBe('eA==');
    expect(desired.metadata.annotations!['pull-secret.dev/expires-at']).toBeUndefined();
  });
});

describe('applyPullSecret', () => {
  it('creates the Secret when it was deleted between the read and the update (404 on replace), never failing the namespace', async () => {
    const calls: string[] = [];
    let current: SecretManifest | undefined = stored([quay]);
    const api = {
      server: 'https://test',
      defaultNamespace: 'apps',
      readSecret: async () => {
        calls.push('read');
        return current;
      },
      replaceSecret: async () => {
        calls.push('replace');
        current = undefined; // deleted by someone else just before our update
        throw new KubeApiError('secrets "regcred" not found', 404, 'NotFound');
      },
      createSecret: async (_namespace: string, secret: SecretManifest) => {
        calls.push('create');
        return secret;
      },
    } as unknown as KubeApi;
    const result = await applyPullSecret(api, options({ targets: { namespaces: ['apps'] } }));
    expect(result.namespaces[0]).toMatchObject({ namespace: 'apps', outcome: 'created', ok: true });
    expect(calls).toEqual(['read', 'replace', 'read', 'create']);
  });
});
