// mode: kubevirt, run from the bundle as the runner runs it: upstream and edge manifests in, the patched
// manifests and the Secrets and ConfigMap they name out (a 0600 file, output manifest-path), each
// KubeVirt/CDI document valid against the API's own schema, warnings as annotations with their fix.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { apiErrors, FIXTURES, hasApiSchema } from '../../../packages/kubevirt/test/api-schema.js';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const CANARY = `CANARY-action-kubevirt-${randomBytes(6).toString('hex')}`;
const TESTDATA = fileURLToPath(new URL('../../../packages/kubevirt/test/testdata/', import.meta.url));
const runs: ActionRun[] = [];
const action = async (inputs: Record<string, string>) => {
  const run = await runAction(inputs);
  runs.push(run);
  return run;
};
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

/** A throwaway self-signed CA certificate, made by openssl. */
function caPem(): string {
  return execFileSync(
    'sh',
    [
      '-c',
      'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=test-ca -days 1 -keyout /dev/null 2>/dev/null',
    ],
    { encoding: 'utf8' },
  );
}

describe('mode: kubevirt', () => {
  it('writes the patched manifests and the Secrets and CA ConfigMap they name', async () => {
    const ca = caPem();
    const run = await action({
      mode: 'kubevirt',
      manifests: `${TESTDATA}edge-container-disk-vm.yaml\n${TESTDATA}edge-misnested-vm.yaml, ${FIXTURES}kubevirt/vm-cirros.yaml`,
      registry: 'registry.edge.example:8443',
      username: 'robot',
      password: CANARY,
      'secret-name': 'edge-pull',
      ca,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const path = run.outputs['manifest-path']!;
    expect(path.startsWith(run.runnerTemp)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    const objects = parseAllDocuments(text).map((d) => d.toJS());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.namespace ?? ''}`)).toEqual([
      'VirtualMachine/edge-ubuntu/edge-apps',
      'VirtualMachine/edge-misnested/',
      'VirtualMachine/vm-cirros/',
      'Secret/edge-pull/edge-apps',
      'Secret/edge-pull-cdi/',
      'ConfigMap/edge-pull-ca/',
    ]);
    // The one that is mis-nested on purpose stays as invalid as it was; the others are valid.
    for (const object of objects.filter(
      (o) => hasApiSchema(o.kind) && o.metadata.name !== 'edge-misnested',
    )) {
      expect(apiErrors(object), object.metadata.name).toEqual([]);
    }
    expect(objects[5].data['ca.crt']).toBe(ca);
    expect(text).toContain('            imagePullSecret: edge-pull\n');
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('spec.template: has domain and volumes directly under it');
    expect(warnings[0]).toContain('Fix: Move domain and volumes one level down, under spec.template.spec.');
    expect(run.stdout).toContain('skipped: ');
    expect(expectMaskedOnly(run.stdout + run.stderr, [CANARY], 'log')).toBeUndefined();
  });

  it('fails with one ::error:: line on bad input, and writes nothing', async () => {
    for (const [inputs, message] of [
      [{}, 'mode: kubevirt needs the input manifests.'],
      [{ manifests: `${TESTDATA}nope.yaml` }, 'cannot be read (ENOENT)'],
      [
        { manifests: `${TESTDATA}edge-container-disk-vm.yaml`, ca: 'not a certificate' },
        'The CA bundle holds no PEM certificate.',
      ],
      [{ manifests: `${TESTDATA}edge-container-disk-vm.yaml`, namespaces: 'a,b' }, 'takes one namespace'],
    ] as const) {
      const run = await action({
        mode: 'kubevirt',
        username: 'robot',
        password: CANARY,
        'secret-name': 'edge-pull',
        ...inputs,
      });
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(message);
      expect(run.outputs['manifest-path']).toBeUndefined();
    }
  });
});
