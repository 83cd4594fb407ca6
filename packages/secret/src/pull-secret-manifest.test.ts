import { describe, expect, it } from 'vitest';
import { formatRfc3339, pullSecretManifest } from './pull-secret-manifest.js';

const decode = (manifest: ReturnType<typeof pullSecretManifest>) =>
  Buffer.from(manifest.data!['.dockerconfigjson']!, 'base64').toString('utf8');

describe('pullSecretManifest', () => {
  it('builds a managed dockerconfigjson Secret', () => {
    const manifest = pullSecretManifest({
      name: 'regcred',
      namespace: 'apps',
      credentials: [
        { registry: 'quay.io', username: 'robot', password: 'pw' },
        { registry: 'ghcr.io', username: 'me', password: 'tok' },
      ],
      labels: { team: 'a' },
    });
    expect(manifest).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'regcred',
        namespace: 'apps',
        labels: { team: 'a', 'app.kubernetes.io/managed-by': 'pull-secret' },
        annotations: {
          'pull-secret.dev/registries': 'ghcr.io,quay.io',
          'pull-secret.dev/provider': 'static',
          // Per registry (issue 10): which provider made each login, and its expiry when it has one.
          'pull-secret.dev/credentials': '{"ghcr.io":{"provider":"static"},"quay.io":{"provider":"static"}}',
        },
      },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': expect.any(String) },
    });
    expect(decode(manifest)).toBe(
      '{"auths":{"ghcr.io":{"username":"me","password":"tok","auth":"bWU6dG9r"},"quay.io":{"username":"robot","password":"pw","auth":"cm9ib3Q6cHc="}}}',
    );
  });

  it('annotates the earliest expiry in RFC 3339 and the provider', () => {
    const manifest = pullSecretManifest({
      name: 'ecr',
      provider: 'ecr',
      credentials: [
        { registry: 'a.io', username: 'u', password: 'p', expiresAt: new Date('2026-11-22T20:00:00.500Z') },
        { registry: 'b.io', username: 'u', password: 'p', expiresAt: new Date('2026-11-22T18:30:00Z') },
        { registry: 'c.io', username: 'u', password: 'p' },
      ],
    });
    expect(manifest.metadata.annotations).toMatchObject({
      'pull-secret.dev/provider': 'ecr',
      'pull-secret.dev/expires-at': '2026-11-22T18:30:00Z',
    });
    expect(manifest.metadata.namespace).toBeUndefined();
  });

  it('records the provider per registry from recipes, the given provider for the rest, and an empty Secret’s provider', () => {
    const manifest = pullSecretManifest({
      name: 'mixed',
      provider: 'ecr',
      recipes: { 'b.io': { provider: 'gcr', options: { 'gcp-service-account': 'sa@p.iam' } } },
      credentials: [
        { registry: 'a.io', username: 'u', password: 'p' },
        { registry: 'b.io', username: 'u', password: 'p' },
      ],
    });
    expect(manifest.metadata.annotations).toMatchObject({
      'pull-secret.dev/provider': 'ecr,gcr',
      'pull-secret.dev/credentials':
        '{"a.io":{"provider":"ecr"},"b.io":{"provider":"gcr","options":{"gcp-service-account":"sa@p.iam"}}}',
    });
    expect(pullSecretManifest({ name: 'e', provider: 'ecr', credentials: [] }).metadata.annotations).toEqual({
      'pull-secret.dev/registries': '',
      'pull-secret.dev/provider': 'ecr',
      'pull-secret.dev/credentials': '{}',
    });
  });

  it('the managed-by label cannot be overridden', () => {
    const manifest = pullSecretManifest({
      name: 'x',
      credentials: [{ registry: 'a.io', username: 'u', password: 'p' }],
      labels: { 'app.kubernetes.io/managed-by': 'helm' },
    });
    expect(manifest.metadata.labels!['app.kubernetes.io/managed-by']).toBe('pull-secret');
  });

  it('rejects invalid names before building anything', () => {
    expect(() => pullSecretManifest({ name: 'Bad', credentials: [] })).toThrow(/not a valid Secret name/);
    expect(() => pullSecretManifest({ name: 'ok', namespace: 'Bad', credentials: [] })).toThrow(
      /not a valid namespace/,
    );
  });

  it('formats timestamps without milliseconds', () => {
    expect(formatRfc3339(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe('2026-01-02T03:04:05Z');
  });
});
