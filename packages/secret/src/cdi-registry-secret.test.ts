import { describe, expect, it } from 'vitest';
import { cdiRegistrySecret } from './cdi-registry-secret.js';
import { planManaged } from './managed-shape.js';
import type { SecretManifest } from './manifest-types.js';

const CANARY = 'CANARY-cdi-0b7f';
const decoded = (secret: SecretManifest) =>
  Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
  );

describe('cdiRegistrySecret', () => {
  it('is an Opaque Secret with accessKeyId and secretKey, without a trailing newline', () => {
    const shape = cdiRegistrySecret(
      { registry: 'quay.io', username: 'robot\n', password: `${CANARY}\r\n` },
      { name: 'cdi-pull' },
    );
    const { desired, changes } = planManaged(shape, 'vms', undefined);
    expect(desired).toMatchObject({
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: 'cdi-pull',
        namespace: 'vms',
        labels: { 'app.kubernetes.io/managed-by': 'pull-secret' },
      },
    });
    expect(decoded(desired!)).toEqual({ accessKeyId: 'robot', secretKey: CANARY });
    expect(changes).toEqual(['+ secret vms/cdi-pull', '+ data accessKeyId', '+ data secretKey']);
  });

  it('replaces the data whole, keeps other metadata, and names keys, not values', () => {
    const shape = cdiRegistrySecret(
      { registry: 'quay.io', username: 'robot', password: CANARY },
      { name: 'cdi-pull' },
    );
    const existing: SecretManifest = {
      ...planManaged(shape, 'vms', undefined).desired!,
      data: { accessKeyId: 'b2xk', extra: 'eA==' },
    };
    existing.metadata = { ...existing.metadata, annotations: { note: 'kept' }, resourceVersion: '3' };
    const plan = planManaged(shape, 'vms', existing);
    expect(plan.outcome).toBe('updated');
    expect(Object.keys(plan.desired!.data!)).toEqual(['accessKeyId', 'secretKey']);
    expect(plan.desired!.metadata).toMatchObject({ annotations: { note: 'kept' }, resourceVersion: '3' });
    expect(plan.changes).toEqual([
      '~ secret vms/cdi-pull',
      '~ data accessKeyId',
      '+ data secretKey',
      '- data extra',
    ]);
    expect(JSON.stringify(plan.changes)).not.toContain(CANARY);
    expect(planManaged(shape, 'vms', plan.desired!).outcome).toBe('unchanged');
  });

  it('refuses a Secret of another type, even forced', () => {
    const shape = cdiRegistrySecret(
      { registry: 'quay.io', username: 'u', password: 'p' },
      { name: 'cdi-pull' },
    );
    const other = {
      ...planManaged(shape, 'vms', undefined).desired!,
      type: 'kubernetes.io/dockerconfigjson',
    };
    expect(planManaged(shape, 'vms', other, { force: true })).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(
        /type kubernetes.io\/dockerconfigjson, and a Secret's type cannot change/,
      ),
    });
  });

  it('rejects an empty username or password, and a bad name', () => {
    expect(() =>
      cdiRegistrySecret({ registry: 'q.io', username: '\n', password: 'p' }, { name: 'x' }),
    ).toThrow(/empty username/);
    expect(() => cdiRegistrySecret({ registry: 'q.io', username: 'u', password: '' }, { name: 'x' })).toThrow(
      /empty password/,
    );
    expect(() =>
      cdiRegistrySecret({ registry: 'q.io', username: 'u', password: 'p' }, { name: 'Bad' }),
    ).toThrow(/not a valid Secret name/);
  });
});
