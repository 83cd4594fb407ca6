import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { type ManagedShape, managedLabels, replaceData } from './managed-shape.js';
import type { ConfigMapManifest } from './manifest-types.js';
import { validateSecretName } from './names.js';

export const CA_CONFIG_MAP_KEY = 'ca.crt';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----\s+[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/;

/**
 * A ConfigMap holding a CA bundle (PEM) under `key` (default `ca.crt`), as CDI's `certConfigMap` and
 * most tools that trust a private registry read it. Replaced whole on update. The key must end in
 * `.crt` or `.pem`, and the PEM must hold a certificate and no private key: a ConfigMap is not secret.
 */
export function caConfigMap(
  pem: string,
  target: { name: string; key?: string },
): ManagedShape<ConfigMapManifest> {
  validateSecretName(target.name);
  const key = target.key ?? CA_CONFIG_MAP_KEY;
  if (!/^[-._a-zA-Z0-9]+\.(crt|pem)$/.test(key)) {
    throw new InvalidInputError(
      'CA_KEY_INVALID',
      `"${key}" is not a usable CA key: it must be letters, digits, "-", "_" or "." ending in .crt or .pem.`,
      { hint: 'Use ca.crt.' },
    );
  }
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new InvalidInputError(
      'CA_HAS_PRIVATE_KEY',
      'The CA bundle holds a private key, and a ConfigMap is readable by anyone who may read the namespace.',
      { hint: 'Give only the CA certificates (PEM).' },
    );
  }
  if (!CERTIFICATE.test(pem)) {
    throw new InvalidInputError('CA_NOT_PEM', 'The CA bundle holds no PEM certificate.', {
      hint: 'Give the CA certificates as PEM (-----BEGIN CERTIFICATE-----).',
    });
  }
  const build = (namespace: string): ConfigMapManifest => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: target.name, namespace, labels: managedLabels() },
    data: { [key]: pem.endsWith('\n') ? pem : `${pem}\n` },
  });
  return {
    resource: 'configmaps',
    name: target.name,
    create: (namespace) => ({
      desired: build(namespace),
      changes: [`+ data ${key}`],
      items: [key],
    }),
    update: (namespace, existing) => replaceData(existing, build(namespace)),
  };
}
