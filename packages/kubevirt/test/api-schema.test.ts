import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { apiErrors, FIXTURES } from './api-schema.js';

describe('the API schemas', () => {
  it('accept every upstream example as it is', () => {
    for (const dir of ['kubevirt', 'cdi']) {
      for (const file of readdirSync(`${FIXTURES}${dir}`).filter((f) => f.endsWith('.yaml'))) {
        for (const doc of parseAllDocuments(readFileSync(`${FIXTURES}${dir}/${file}`, 'utf8'))) {
          const object = doc.toJS() as { kind: string };
          if (object.kind === 'Secret' || object.kind === 'ConfigMap') continue;
          expect(apiErrors(object), `${dir}/${file}`).toEqual([]);
        }
      }
    }
  });

  it('refuse a field the API does not know, and one at the wrong level', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'x' },
      spec: { template: { spec: { domain: { devices: {} }, volumes: [] } } },
    };
    expect(apiErrors(vm)).toEqual([]);
    expect(apiErrors({ ...vm, spec: { template: { domain: { devices: {} } } } }).join()).toMatch(/domain/);
    expect(
      apiErrors({
        ...vm,
        spec: {
          template: {
            spec: {
              domain: { devices: {} },
              volumes: [{ name: 'd', containerDisk: { image: 'i', pullSecret: 's' } }],
            },
          },
        },
      }).join(),
    ).toMatch(/pullSecret/);
  });
});
