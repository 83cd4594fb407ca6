import { describe, expect, it } from 'vitest';
import { validateNamespace, validateSecretName } from './names.js';

describe('validateSecretName (DNS-1123 subdomain, ≤ 253)', () => {
  it.each(['regcred', 'a', 'ghcr-pull', 'pull.secret.v1', '0abc', 'a'.repeat(253)])('accepts %s', (name) => {
    expect(() => validateSecretName(name)).not.toThrow();
  });
  it.each(['', 'Regcred', 'reg_cred', '-reg', 'reg-', 'reg..cred', '.reg', 'a'.repeat(254), 'reg cred'])(
    'rejects %j',
    (name) => {
      expect(() => validateSecretName(name)).toThrow(/not a valid Secret name/);
    },
  );
});

describe('validateNamespace (DNS-1123 label, ≤ 63)', () => {
  it.each(['default', 'kube-system', 'ns-1', 'a'.repeat(63)])('accepts %s', (namespace) => {
    expect(() => validateNamespace(namespace)).not.toThrow();
  });
  it.each(['', 'Apps', 'a.b', 'a_b', '-a', 'a-', 'a'.repeat(64)])('rejects %j', (namespace) => {
    expect(() => validateNamespace(namespace)).toThrow(/not a valid namespace/);
  });
});
