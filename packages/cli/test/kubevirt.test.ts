// `pull-secret kubevirt inject`, `create/apply --for cdi` and `kubevirt insecure-registry`: upstream
// KubeVirt/CDI examples as input, every manifest printed checked against KubeVirt's and CDI's own
// OpenAPI definitions (unknown fields fail), the CDI Secret against upstream's endpoint-secret.yaml,
// --fetch-ca against Debian's docker-registry with TLS, --apply and apply --for cdi against a
// kube-test-server.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { apiErrors, FIXTURES, hasApiSchema } from '../../kubevirt/test/api-schema.js';
import { expectNoSecret, type KubeCliHarness, secretForms, startKubeCli } from './kube-cli.js';
import { runCli } from './run-cli.js';

const CANARY = `CANARY-kubevirt-${randomBytes(6).toString('hex')}`;
const LEAKS = secretForms('robot', CANARY);
const fixture = (path: string) => readFileSync(`${FIXTURES}${path}`, 'utf8');
const LOGIN = ['--server', 'registry:5000', '--username', 'robot', '--password-file', 'token.txt'];
// A token file as editors save it: with a trailing newline, which must not reach the CDI Secret.
const FILES = { 'token.txt': `${CANARY}\n` };

type K8sObject = {
  kind: string;
  type?: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
};

/** The documents of a YAML stream; each KubeVirt or CDI one must validate against the API's schema. */
function documentsOf(stdout: string): K8sObject[] {
  const objects = parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject);
  for (const object of objects) {
    if (hasApiSchema(object.kind))
      expect(apiErrors(object), `${object.kind}/${object.metadata.name}`).toEqual([]);
  }
  return objects;
}

const decoded = (secret: K8sObject) =>
  Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );

describe('pull-secret kubevirt inject', () => {
  it('patches a containerDisk VM and a DataVolume VM, then prints the Secrets they name, valid for the API', async () => {
    const result = await runCli(
      ['kubevirt', 'inject', '-f', 'vm.yaml', '-f', 'dv-vm.yaml', ...LOGIN, '-n', 'vms'],
      {
        files: {
          ...FILES,
          'vm.yaml': fixture('kubevirt/vm-cirros.yaml'),
          'dv-vm.yaml': fixture('kubevirt/vm-alpine-datavolume.yaml'),
        },
      },
    );
    expect(result.code).toBe(0);
    const objects = documentsOf(result.stdout);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'VirtualMachine/vm-cirros',
      'VirtualMachine/vm-alpine-datavolume',
      'Secret/regcred',
      'Secret/regcred-cdi',
    ]);
    expect(result.stdout).toContain(
      '      - containerDisk:\n          image: registry:5000/kubevirt/cirros-container-disk-demo:devel\n          imagePullSecret: regcred\n',
    );
    expect(result.stdout).toContain(
      '          url: docker://registry:5000/kubevirt/alpine-container-disk-demo:devel\n          secretRef: regcred-cdi\n',
    );
    // The CDI Secret: what upstream's endpoint-secret.yaml is, with the credential exactly (no newline).
    const upstream = parse(fixture('cdi/endpoint-secret.yaml')) as K8sObject;
    const cdi = objects[3]!;
    expect(cdi.type).toBe(upstream.type);
    expect(Object.keys(cdi.data!).sort()).toEqual(Object.keys(upstream.data!).sort());
    expect(decoded(cdi).accessKeyId).toBe('robot');
    expect(decoded(cdi).secretKey === CANARY).toBe(true);
    expect(objects[2]).toMatchObject({
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { namespace: 'vms' },
    });
    expect(result.stderr).toContain(
      'set: vm.yaml#1 VirtualMachine/vm-cirros spec.template.spec.volumes[0].containerDisk.imagePullSecret: set to Secret regcred.\n',
    );
    expectNoSecret(result.stderr, LEAKS, 'stderr');
  });

  it('leaves a disk alone, with a note, when kubelet would not pick the credential for its image', async () => {
    const vm = fixture('kubevirt/vmi-ephemeral.yaml');
    const result = await runCli(
      [
        'kubevirt',
        'inject',
        '-f',
        'vmi.yaml',
        '--server',
        'registry:5000/other-team',
        '--username',
        'robot',
        '--password-file',
        'token.txt',
      ],
      { files: { ...FILES, 'vmi.yaml': vm } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(vm);
    expect(result.stderr).toBe(
      'skipped: vmi.yaml#1 VirtualMachineInstance/vmi-ephemeral spec.volumes[0].containerDisk.image: registry:5000/kubevirt/cirros-container-disk-demo:devel: kubelet would use none of the logins given (registry:5000/other-team) for it, so it is left alone. Fix: Give a login for its registry, or leave it if it is public.\n',
    );
  });

  it('words warnings and kept values with flags, one line each; -o json prints an object, or a List of several', async () => {
    const dv = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: dv
spec:
  source:
    registry:
      url: registry:5000/disk:1
      secretRef: theirs
  storage: {}
`;
    const result = await runCli(['kubevirt', 'inject', '-f', '-', ...LOGIN, '-o', 'json'], {
      stdin: dv,
      files: FILES,
    });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: (stdin)#1 DataVolume/dv spec.source.registry.url: registry:5000/disk:1 has no docker:// or oci-archive:// prefix, and CDI refuses it. Fix: Write url: docker://registry:5000/disk:1.',
      'kept: (stdin)#1 DataVolume/dv spec.source.registry.secretRef: names theirs, kept (CDI Secret regcred-cdi has the login for this image). Fix: Pass --overwrite to name regcred-cdi instead, or make sure theirs holds a working login.',
    ]);
    // The secretRef was kept, so nothing else is needed: the one object, as kubectl prints one.
    expect(apiErrors(JSON.parse(result.stdout))).toEqual([]);
    const overwritten = await runCli(
      ['kubevirt', 'inject', '-f', '-', ...LOGIN, '-o', 'json', '--overwrite'],
      {
        stdin: dv,
        files: FILES,
      },
    );
    const list = JSON.parse(overwritten.stdout) as { kind: string; items: K8sObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'DataVolume/dv',
      'Secret/regcred-cdi',
    ]);
    expect(apiErrors(list.items[0])).toEqual([]);
    expect(overwritten.stderr).toContain(
      'overwritten: (stdin)#1 DataVolume/dv spec.source.registry.secretRef: named theirs, now CDI Secret regcred-cdi.',
    );
  });

  it('refuses bad input with exit 2 and nothing on stdout: not YAML, no kind, a URL that is none, a CA with no certificate', async () => {
    const dv = (url: string) =>
      `kind: DataVolume\nmetadata: {name: a}\nspec:\n  source:\n    registry:\n      url: "${url}"\n`;
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['-f', 'x.yaml'], { 'x.yaml': 'kind: [unclosed\n' }, /^error: x.yaml is not YAML \(line \d\)/],
      [
        ['-f', 'x.yaml'],
        { 'x.yaml': 'apiVersion: v1\nmetadata: {name: a}\n' },
        /^error: Document 1 of x.yaml has no kind\./,
      ],
      [
        ['-f', 'x.yaml'],
        { 'x.yaml': dv('docker://not a url') },
        /^error: The registry URL "docker:\/\/not a url" is not a registry URL/,
      ],
      [
        ['-f', 'x.yaml', '--ca-file', 'ca.pem'],
        { 'x.yaml': dv('docker://registry:5000/a'), 'ca.pem': 'hello\n' },
        /^error: The CA bundle holds no PEM certificate\./,
      ],
      [['-f', 'missing.yaml'], {}, /^error: The file "missing.yaml" given to -f does not exist\./],
      [
        ['-f', '-', '--password-stdin'],
        {},
        /^error: -f - and --password-stdin would all read standard input\./,
      ],
      [
        ['-f', 'x.yaml', '--ca-file', 'a', '--fetch-ca'],
        { 'x.yaml': dv('docker://r:5000/a') },
        /^error: --ca-file cannot be combined with --fetch-ca/,
      ],
    ];
    for (const [args, files, message] of cases) {
      const result = await runCli(['kubevirt', 'inject', ...args, ...LOGIN], {
        files: { ...FILES, ...files },
      });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/\nhint: .+\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('insecure-registry prints the kubectl patch for CDI, whose spec validates against CDI’s own schema', async () => {
    const result = await runCli([
      'kubevirt',
      'insecure-registry',
      'registry.internal:5000',
      '--insecure-registry',
      '10.0.0.5',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `kubectl patch cdi cdi --type merge -p '{"spec":{"config":{"insecureRegistries":["registry.internal:5000","10.0.0.5"]}}}'\n`,
    );
    const patch = JSON.parse(/-p '(.*)'/.exec(result.stdout)![1]!) as { spec: object };
    expect(
      apiErrors({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'CDI', metadata: { name: 'cdi' }, ...patch }),
    ).toEqual([]);
    expect((await runCli(['kubevirt', 'insecure-registry', 'http://r:5000'])).code).toBe(2);
  });
});

describe('pull-secret create NAME --for cdi', () => {
  it('prints the CDI Secret: endpoint-secret.yaml’s shape, the credential exactly; one registry only', async () => {
    const result = await runCli(['create', 'cdi-pull', '--for', 'cdi', ...LOGIN, '-n', 'vms'], {
      files: FILES,
    });
    expect(result.code).toBe(0);
    const secret = parse(result.stdout) as K8sObject;
    expect(secret).toMatchObject({
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'cdi-pull', namespace: 'vms' },
    });
    expect(decoded(secret).accessKeyId).toBe('robot');
    expect(decoded(secret).secretKey === CANARY).toBe(true);
    const two = await runCli(
      [
        'create',
        'x',
        '--for',
        'cdi',
        '--server',
        'a.io',
        '--server',
        'b.io',
        '--username',
        'u',
        '--password-file',
        'token.txt',
      ],
      { files: FILES },
    );
    expect(two.code).toBe(2);
    expect(two.stdout).toBe('');
    expect(two.stderr).toContain("A CDI Secret holds one registry's login, and 2 were given.");
    const bad = await runCli(['create', 'x', '--for', 'kubevirt', ...LOGIN], { files: FILES });
    expect(bad.code).toBe(2);
  });
});

const INSTALLED = Boolean(findDockerRegistry());

describe.skipIf(!INSTALLED)('kubevirt inject --fetch-ca', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry({ mode: 'htpasswd' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('puts the chain the registry presents in the CA ConfigMap, and verify trusts the registry with it', async () => {
    const dv = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: disk
spec:
  source:
    registry:
      url: docker://${registry.host}/team/app:v1
  storage: {}
`;
    const result = await runCli(
      [
        'kubevirt',
        'inject',
        '-f',
        'dv.yaml',
        '--server',
        registry.host,
        '--username',
        registry.puller.username,
        '--password-stdin',
        '--fetch-ca',
      ],
      { stdin: registry.puller.password, files: { 'dv.yaml': dv } },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('certificates read without verification');
    const objects = documentsOf(result.stdout);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'DataVolume/disk',
      'Secret/regcred-cdi',
      'ConfigMap/regcred-ca',
    ]);
    expect(result.stdout).toContain('      secretRef: regcred-cdi\n      certConfigMap: regcred-ca\n');
    const ca = (objects[2] as unknown as { data: Record<string, string> }).data['ca.crt']!;
    expect(ca.replace(/\s/g, '')).toContain(registry.caPem!.replace(/\s/g, ''));

    const verified = await runCli(
      [
        'verify',
        '--server',
        registry.host,
        '--username',
        registry.puller.username,
        '--password-stdin',
        '--ca-file',
        'ca.crt',
      ],
      { stdin: registry.puller.password, files: { 'ca.crt': ca } },
    );
    expect(verified.stdout).toMatch(/^ok: /);
    expect(verified.code).toBe(0);
  });
});

describe('against a cluster', () => {
  let kube: KubeCliHarness;
  beforeAll(async () => {
    kube = await startKubeCli({ namespaces: ['vms', 'edge-apps'] });
  });
  afterAll(async () => {
    await kube?.close();
  });

  it('kubevirt inject --apply writes the Secrets through the writer and prints only the patched manifests', async () => {
    const vm = readFileSync(
      new URL('../../kubevirt/test/testdata/edge-registry-datavolume-vm.yaml', import.meta.url),
      'utf8',
    );
    const dir = await mkdtemp(join(tmpdir(), 'pull-secret-kubevirt-'));
    await writeFile(join(dir, 'vm.yaml'), vm);
    const args = [
      'kubevirt',
      'inject',
      '-f',
      join(dir, 'vm.yaml'),
      '--server',
      'registry.edge.example:8443',
      '--username',
      'robot',
      '--password-stdin',
      '--apply',
    ];
    const result = await kube.run(args, CANARY);
    expect(result.code, result.stderr).toBe(0);
    expect(documentsOf(result.stdout).map((o) => o.kind)).toEqual(['VirtualMachine']);
    expect(result.stderr).toContain('secret edge-apps/regcred-cdi: created\n');
    const stored = kube.server.store.get('secrets', 'edge-apps', 'regcred-cdi') as K8sObject;
    expect(stored.type).toBe('Opaque');
    expect(decoded(stored).secretKey === CANARY).toBe(true);
    expect(result.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST /api/v1/namespaces/edge-apps/secrets',
    ]);
    expectNoSecret(result.stderr, LEAKS, 'stderr');
    const again = await kube.run(args, CANARY);
    expect(again.stderr).toContain('secret edge-apps/regcred-cdi: unchanged\n');
    expect(again.writes).toEqual([]);
  });

  it('apply NAME --for cdi writes the CDI Secret to each namespace, and refuses a pull Secret of that name', async () => {
    const first = await kube.run(
      [
        'apply',
        'cdi-pull',
        '--for',
        'cdi',
        '--server',
        'quay.io',
        '--username',
        'robot',
        '--password-stdin',
        '-n',
        'vms,edge-apps',
      ],
      `${CANARY}\n`,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('secret cdi-pull (cdi): 2 created, 0 updated, 0 unchanged');
    for (const namespace of ['vms', 'edge-apps']) {
      const stored = kube.server.store.get('secrets', namespace, 'cdi-pull') as K8sObject;
      expect(stored.type).toBe('Opaque');
      expect(decoded(stored)).toEqual({ accessKeyId: 'robot', secretKey: CANARY });
    }
    const pull = await kube.run(
      ['apply', 'regcred', '--server', 'quay.io', '--username', 'robot', '--password-stdin', '-n', 'vms'],
      CANARY,
    );
    expect(pull.code).toBe(0);
    const clash = await kube.run(
      [
        'apply',
        'regcred',
        '--for',
        'cdi',
        '--server',
        'quay.io',
        '--username',
        'robot',
        '--password-stdin',
        '-n',
        'vms',
        '--force',
      ],
      CANARY,
    );
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("type kubernetes.io/dockerconfigjson, and a Secret's type cannot change");
    const sa = await kube.run(
      [
        'apply',
        'x',
        '--for',
        'cdi',
        '--service-account',
        'default',
        '--server',
        'q.io',
        '--username',
        'u',
        '--password-stdin',
      ],
      'p',
    );
    expect(sa.code).toBe(2);
    expect(sa.writes).toEqual([]);
    expectNoSecret(first.stderr + clash.stderr, LEAKS, 'stderr');
  });
});
