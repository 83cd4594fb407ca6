// The CDI shapes against CDI's own examples (../shared/fixtures/cdi, unmodified): the registry Secret
// is endpoint-secret.yaml filled in, and the CA ConfigMap is cert-configmap.yaml's shape.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { caConfigMap } from '../src/ca-config-map.js';
import { cdiRegistrySecret } from '../src/cdi-registry-secret.js';

const CDI = fileURLToPath(new URL('../../../../shared/fixtures/cdi/', import.meta.url));
const upstream = (file: string) =>
  parse(readFileSync(`${CDI}${file}`, 'utf8')) as {
    apiVersion: string;
    kind: string;
    type?: string;
    data: Record<string, string>;
  };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';

describe('the CDI shapes, beside CDI’s examples', () => {
  it('the registry Secret is endpoint-secret.yaml: the same kind, type and keys, each the credential exactly', () => {
    const example = upstream('endpoint-secret.yaml');
    const secret = cdiRegistrySecret(
      { registry: 'quay.io', username: 'robot\n', password: 'CANARY-upstream-1c2d\n' },
      { name: 'endpoint-secret' },
    ).create('vms').desired;
    expect([secret.apiVersion, secret.kind, secret.type]).toEqual([
      example.apiVersion,
      example.kind,
      example.type,
    ]);
    expect(Object.keys(secret.data!).sort()).toEqual(Object.keys(example.data).sort());
    const decoded = (key: string) => Buffer.from(secret.data![key]!, 'base64').toString('utf8');
    expect(decoded('accessKeyId')).toBe('robot');
    expect(decoded('secretKey') === 'CANARY-upstream-1c2d').toBe(true);
  });

  it('the CA ConfigMap is cert-configmap.yaml’s shape, under its key ca.pem too', () => {
    const example = upstream('cert-configmap.yaml');
    const [key] = Object.keys(example.data);
    expect(key).toMatch(/\.(crt|pem)$/);
    const configMap = caConfigMap(PEM, { name: 'tls-certs', key: key! }).create('vms').desired;
    expect([configMap.apiVersion, configMap.kind]).toEqual([example.apiVersion, example.kind]);
    expect(Object.keys(configMap.data!)).toEqual(Object.keys(example.data));
    expect(configMap.data![key!]).toBe(PEM);
  });
});
