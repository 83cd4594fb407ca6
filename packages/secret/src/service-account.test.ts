import { describe, expect, it } from 'vitest';
import type { ServiceAccountManifest } from './manifest-types.js';
import { withImagePullSecret } from './service-account.js';

const serviceAccount = (names: string[]): ServiceAccountManifest => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'default', namespace: 'apps' },
  ...(names.length ? { imagePullSecrets: names.map((name) => ({ name })) } : {}),
});

describe('withImagePullSecret', () => {
  it('adds the secret once, keeping other entries', () => {
    expect(withImagePullSecret(serviceAccount(['other']), 'regcred').imagePullSecrets).toEqual([
      { name: 'other' },
      { name: 'regcred' },
    ]);
    expect(withImagePullSecret(serviceAccount([]), 'regcred').imagePullSecrets).toEqual([
      { name: 'regcred' },
    ]);
  });

  it('returns the same object when already listed, so nothing is written', () => {
    const sa = serviceAccount(['regcred', 'other']);
    expect(withImagePullSecret(sa, 'regcred')).toBe(sa);
  });
});
