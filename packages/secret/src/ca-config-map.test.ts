import { describe, expect, it } from 'vitest';
import { caConfigMap } from './ca-config-map.js';
import { planManaged } from './managed-shape.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----';

describe('caConfigMap', () => {
  it('holds the PEM under ca.crt, ending in a newline', () => {
    const { desired, changes, items } = planManaged(
      caConfigMap(PEM, { name: 'registry-ca' }),
      'vms',
      undefined,
    );
    expect(desired).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'registry-ca',
        namespace: 'vms',
        labels: { 'app.kubernetes.io/managed-by': 'pull-secret' },
      },
      data: { 'ca.crt': `${PEM}\n` },
    });
    expect(changes).toEqual(['+ configmap vms/registry-ca', '+ data ca.crt']);
    expect(items).toEqual(['ca.crt']);
  });

  it('takes a .pem key, and refuses other keys', () => {
    expect(planManaged(caConfigMap(PEM, { name: 'ca', key: 'bundle.pem' }), 'vms', undefined).items).toEqual([
      'bundle.pem',
    ]);
    for (const key of ['ca', 'ca.key', 'a/b.crt', '.crt.txt']) {
      expect(() => caConfigMap(PEM, { name: 'ca', key })).toThrow(/not a usable CA key/);
    }
  });

  it('refuses text with no certificate, and a bundle with a private key', () => {
    expect(() => caConfigMap('hello', { name: 'ca' })).toThrow(/no PEM certificate/);
    expect(() =>
      caConfigMap(`${PEM}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`, { name: 'ca' }),
    ).toThrow(/private key/);
  });

  it('replaces binaryData and other keys, and is unchanged when the same PEM is there', () => {
    const shape = caConfigMap(PEM, { name: 'ca' });
    const created = planManaged(shape, 'vms', undefined).desired!;
    const cluttered = { ...created, data: { 'ca.crt': 'old', other: 'x' }, binaryData: { b: 'eA==' } };
    const plan = planManaged(shape, 'vms', cluttered);
    expect(plan.changes).toEqual(['~ configmap vms/ca', '~ data ca.crt', '- data other', '- binaryData b']);
    expect(plan.desired!.binaryData).toBeUndefined();
    expect(planManaged(shape, 'vms', plan.desired!).outcome).toBe('unchanged');
  });
});
