import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { credentialAnnotations, freshMetadata, readCredentialMetadata } from './credential-metadata.js';

const CANARY = 'CANARY-metadata-7c21';
const at = (iso: string) => new Date(iso);
const secretWith = (annotations: Record<string, string>) => ({ metadata: { name: 'x', annotations } });

describe('credentialAnnotations', () => {
  it('records each registry key in key order as compact JSON, with the earliest expiry and every provider', () => {
    const ecr: RegistryCredential = {
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      password: CANARY,
      expiresAt: at('2030-01-01T12:00:00.250Z'),
    };
    const gcr: RegistryCredential = {
      registry: 'europe-docker.pkg.dev',
      username: 'oauth2accesstoken',
      password: CANARY,
      expiresAt: at('2030-01-01T01:00:00Z'),
    };
    const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: CANARY };
    const recipes: Record<string, CredentialRecipe> = {
      [ecr.registry]: {
        provider: 'ecr',
        options: { 'aws-role-arn': 'arn:aws:iam::1:role/r', 'aws-region': 'eu-west-1' },
      },
      [gcr.registry]: { provider: 'gcr', options: {} },
    };
    const annotations = credentialAnnotations([quay, gcr, ecr], (c) =>
      freshMetadata(c, recipes[c.registry], 'static'),
    );
    expect(annotations).toEqual({
      'pull-secret.dev/registries':
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com,europe-docker.pkg.dev,quay.io',
      'pull-secret.dev/provider': 'ecr,gcr,static',
      'pull-secret.dev/credentials':
        '{"123456789012.dkr.ecr.eu-west-1.amazonaws.com":{"provider":"ecr","options":{"aws-region":"eu-west-1","aws-role-arn":"arn:aws:iam::1:role/r"},"expiresAt":"2030-01-01T12:00:00Z"},' +
        '"europe-docker.pkg.dev":{"provider":"gcr","expiresAt":"2030-01-01T01:00:00Z"},"quay.io":{"provider":"static"}}',
      'pull-secret.dev/expires-at': '2030-01-01T01:00:00Z',
    });
    expect(JSON.stringify(annotations)).not.toContain(CANARY);
  });

  it('shows a key with user info as https://***@host and never the user info', () => {
    const leaky: RegistryCredential = {
      registry: `https://bob:${CANARY}@reg.example.com`,
      username: 'bob',
      password: CANARY,
    };
    const annotations = credentialAnnotations([leaky], (c) => freshMetadata(c, undefined, 'static'));
    expect(annotations['pull-secret.dev/credentials']).toBe(
      '{"https://***@reg.example.com":{"provider":"static"}}',
    );
    expect(JSON.stringify(annotations)).not.toContain(CANARY);
  });

  it('hides user info whose token holds "/" (base64 does) in the registries annotation too', () => {
    const leaky: RegistryCredential = {
      registry: `https://bob:${CANARY}/a+b/c==@reg.example.com/team`,
      username: 'bob',
      password: CANARY,
    };
    const annotations = credentialAnnotations([leaky], (c) => freshMetadata(c, undefined, 'static'));
    expect(annotations['pull-secret.dev/registries']).toBe('https://***@reg.example.com/team');
    expect(JSON.stringify(annotations)).not.toMatch(new RegExp(`${CANARY}|a\\+b`));
  });
});

describe('readCredentialMetadata', () => {
  it('reads what credentialAnnotations wrote', () => {
    const annotations = credentialAnnotations(
      [
        { registry: 'a.io', username: 'u', password: 'p', expiresAt: at('2030-01-01T00:00:00Z') },
        { registry: 'b.io', username: 'u', password: 'p' },
      ],
      (c) =>
        freshMetadata(
          c,
          c.registry === 'a.io' ? { provider: 'ecr', options: { 'aws-region': 'x' } } : undefined,
          'static',
        ),
    );
    expect(readCredentialMetadata(secretWith(annotations))).toEqual([
      {
        registry: 'a.io',
        provider: 'ecr',
        options: { 'aws-region': 'x' },
        expiresAt: '2030-01-01T00:00:00Z',
      },
      { registry: 'b.io', provider: 'static' },
    ]);
  });

  it('reads a Secret written before the annotation: its one key takes the provider and the expiry', () => {
    expect(
      readCredentialMetadata(
        secretWith({
          'pull-secret.dev/registries': 'a.io',
          'pull-secret.dev/provider': 'ecr',
          'pull-secret.dev/expires-at': '2030-01-02T03:04:05Z',
        }),
      ),
    ).toEqual([{ registry: 'a.io', provider: 'ecr', expiresAt: '2030-01-02T03:04:05Z' }]);
  });

  it('does not guess for several keys: the old annotations described only the last write', () => {
    // ghcr.io static first, then ECR merged in: the old release said provider ecr for the whole Secret.
    expect(
      readCredentialMetadata(
        secretWith({
          'pull-secret.dev/registries': 'a.io,b.io',
          'pull-secret.dev/provider': 'ecr',
          'pull-secret.dev/expires-at': '2024-01-01T12:00:00Z',
        }),
      ),
    ).toEqual([
      { registry: 'a.io', provider: 'static' },
      { registry: 'b.io', provider: 'static' },
    ]);
  });

  it('takes static when the old provider annotation names several, or nothing', () => {
    expect(
      readCredentialMetadata(
        secretWith({ 'pull-secret.dev/registries': 'a.io', 'pull-secret.dev/provider': 'ecr,gcr' }),
      ),
    ).toEqual([{ registry: 'a.io', provider: 'static' }]);
    expect(readCredentialMetadata(secretWith({ 'pull-secret.dev/registries': 'a.io' }))).toEqual([
      { registry: 'a.io', provider: 'static' },
    ]);
    expect(readCredentialMetadata({ metadata: { name: 'x' } })).toEqual([]);
  });

  it('falls back for bad JSON, bad entries, bad timestamps and keys the JSON does not describe', () => {
    const legacy = { 'pull-secret.dev/registries': 'a.io,b.io,c.io', 'pull-secret.dev/provider': 'gcr' };
    expect(
      readCredentialMetadata(secretWith({ ...legacy, 'pull-secret.dev/credentials': '{not json' })).map(
        (e) => e.provider,
      ),
    ).toEqual(['static', 'static', 'static']);
    const mixed = readCredentialMetadata(
      secretWith({
        ...legacy,
        'pull-secret.dev/credentials': JSON.stringify({
          'a.io': { provider: 'ecr', expiresAt: 'tomorrow', options: { r: 'x', n: 5 } },
          'b.io': { provider: '' },
        }),
      }),
    );
    expect(mixed).toEqual([
      { registry: 'a.io', provider: 'ecr', options: { r: 'x' } },
      { registry: 'b.io', provider: 'static' },
      { registry: 'c.io', provider: 'static' },
    ]);
  });
});
