import { type RegistryCredential, wordOptions } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { readCredentialMetadata } from './credential-metadata.js';
import { dockerConfigSecret } from './docker-config-secret.js';
import { planManaged } from './managed-shape.js';
import type { SecretManifest } from './manifest-types.js';
import { pullSecretManifest } from './pull-secret-manifest.js';

const CANARY = 'CANARY-shape-d41e';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ecr = (expiresAt: string): RegistryCredential => ({
  registry: ECR,
  username: 'AWS',
  password: `${CANARY}-ecr`,
  expiresAt: new Date(expiresAt),
});
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: `${CANARY}-quay` };
const stored = (secret: SecretManifest) => ({
  ...secret,
  metadata: { ...secret.metadata, resourceVersion: '7' },
});
const plan = (existing: SecretManifest | undefined, init: Parameters<typeof dockerConfigSecret>[0]) =>
  planManaged(dockerConfigSecret(init), 'apps', existing, {});

describe('dockerConfigSecret', () => {
  it('a static login merged into an ECR Secret keeps the ECR entry’s provider, options and expiry', () => {
    const first = plan(undefined, {
      name: 'regcred',
      credentials: [ecr('2030-01-01T12:00:00Z')],
      recipes: { [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } } },
    }).desired!;
    const merged = plan(stored(first), { name: 'regcred', credentials: [quay] });
    expect(merged.outcome).toBe('updated');
    expect(readCredentialMetadata(merged.desired!)).toEqual([
      {
        registry: ECR,
        provider: 'ecr',
        options: { 'aws-region': 'eu-west-1' },
        expiresAt: '2030-01-01T12:00:00Z',
      },
      { registry: 'quay.io', provider: 'static' },
    ]);
    expect(merged.desired!.metadata.annotations).toMatchObject({
      'pull-secret.dev/expires-at': '2030-01-01T12:00:00Z',
      'pull-secret.dev/provider': 'ecr,static',
    });
    expect(merged.changes).toContain('+ registry quay.io');
    expect(JSON.stringify(merged.desired!.metadata)).not.toContain(CANARY);
  });

  it('migrates a Secret written before per-registry metadata: kept keys take the old provider and expiry', () => {
    const old = stored(
      pullSecretManifest({ name: 'regcred', namespace: 'apps', credentials: [ecr('2030-01-01T12:00:00Z')] }),
    );
    old.metadata.annotations = {
      'pull-secret.dev/registries': ECR,
      'pull-secret.dev/provider': 'ecr',
      'pull-secret.dev/expires-at': '2030-01-01T12:00:00Z',
    };
    const merged = plan(old, { name: 'regcred', credentials: [quay] });
    expect(readCredentialMetadata(merged.desired!)).toEqual([
      { registry: ECR, provider: 'ecr', expiresAt: '2030-01-01T12:00:00Z' },
      { registry: 'quay.io', provider: 'static' },
    ]);
    // Applying the same again to an old Secret adds the record once, then changes nothing.
    const again = plan(old, { name: 'regcred', credentials: [ecr('2030-01-01T12:00:00Z')], provider: 'ecr' });
    expect(again.outcome).toBe('updated');
    expect(again.changes).toEqual([
      '~ secret apps/regcred',
      '~ annotation pull-secret.dev/credentials: (none) → added',
    ]);
    expect(
      plan(stored(again.desired!), {
        name: 'regcred',
        credentials: [ecr('2030-01-01T12:00:00Z')],
        provider: 'ecr',
      }).outcome,
    ).toBe('unchanged');
  });

  it('a recipe option change alone is an update, said without values of secrets', () => {
    const init = (region: string) => ({
      name: 'regcred',
      credentials: [ecr('2030-01-01T12:00:00Z')],
      recipes: { [ECR]: { provider: 'ecr', options: { 'aws-region': region } } },
    });
    const first = plan(undefined, init('eu-west-1')).desired!;
    const moved = plan(stored(first), init('us-east-1'));
    expect(moved.outcome).toBe('updated');
    expect(moved.changes).toEqual([
      '~ secret apps/regcred',
      `~ annotation pull-secret.dev/credentials: changed for ${ECR}`,
    ]);
  });

  it('--replace drops the other entries’ metadata with them', () => {
    const first = plan(undefined, { name: 'regcred', credentials: [quay] }).desired!;
    const replaced = plan(stored(first), {
      name: 'regcred',
      credentials: [ecr('2030-01-01T12:00:00Z')],
      provider: 'ecr',
      replace: true,
    });
    expect(readCredentialMetadata(replaced.desired!).map((e) => e.registry)).toEqual([ECR]);
  });

  it('refuses a Secret it did not make with a hint naming the force option', () => {
    const foreign = stored(pullSecretManifest({ name: 'regcred', namespace: 'apps', credentials: [quay] }));
    foreign.metadata.labels = {};
    const refused = plan(foreign, { name: 'regcred', credentials: [quay] });
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: 'secret "regcred" was not created by pull-secret',
    });
    expect(refused.reason).not.toMatch(/--|\{\{/);
    expect(wordOptions(refused.hint!, (o) => `--${o}`)).toBe(
      'pass --force to take it over (its other registries are kept)',
    );
  });
});
