import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { apiErrors, hasApiSchema } from '../test/api-schema.js';
import { injectPullSecrets } from './inject-pull-secrets.js';
import { readManifests } from './read-manifests.js';
import { writeManifests } from './write-manifests.js';

const CANARY = 'CANARY-inject-77a1';
const ghcr: RegistryCredential = { registry: 'ghcr.io/acme', username: 'bot', password: CANARY };
const quay: RegistryCredential = { registry: 'quay.io', username: 'robot', password: `${CANARY}-q` };

const vm = (volumes: string, extra = '') => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: vm1
spec:
  template:
    spec:
      domain:
        devices: {}${extra}
      volumes:
${volumes}`;

function inject(text: string, options: Partial<Parameters<typeof injectPullSecrets>[1]> = {}) {
  const result = injectPullSecrets(readManifests(text, 'vm.yaml'), {
    credentials: [ghcr],
    secretName: 'regcred',
    cdiSecretName: 'regcred-cdi',
    ...options,
  });
  const output = writeManifests(result.documents);
  // What comes out is what KubeVirt's and CDI's own API schemas accept (mis-nested input aside).
  for (const document of parseAllDocuments(output)) {
    const object = document.toJS() as { kind?: string; spec?: { template?: object } };
    if (!hasApiSchema(object.kind) || misnested(object)) continue;
    expect(apiErrors(object)).toEqual([]);
  }
  return { ...result, text: output };
}

/** The test that feeds a mis-nested template on purpose: the API refuses it before and after. */
function misnested(object: { kind?: string; spec?: { template?: object } }): boolean {
  const template = object.spec?.template ?? {};
  return ['domain', 'volumes', 'source'].some((key) => key in template);
}

describe('injectPullSecrets', () => {
  it('names the pull Secret only where kubelet would pick a credential for the disk image, with a note elsewhere', () => {
    const result = inject(
      vm(`        - name: a
          containerDisk:
            image: ghcr.io/acme/disk:1   # ours
        - name: b
          containerDisk:
            image: ghcr.io/other/disk:1
        - name: c
          containerDisk: {image: "ghcr.io/acme/x@sha256:${'a'.repeat(64)}"}
`),
    );
    expect(result.text).toContain(
      '            image: ghcr.io/acme/disk:1   # ours\n            imagePullSecret: regcred\n',
    );
    expect(result.text).toContain(
      `containerDisk: {image: "ghcr.io/acme/x@sha256:${'a'.repeat(64)}", "imagePullSecret": "regcred"}`,
    );
    expect(result.text).not.toMatch(/other\/disk:1\n\s+imagePullSecret/);
    expect(result.notes.map((n) => [n.level, n.code, n.path])).toEqual([
      ['set', 'IMAGE_PULL_SECRET', 'spec.template.spec.volumes[0].containerDisk.imagePullSecret'],
      ['skipped', 'NO_MATCHING_CREDENTIAL', 'spec.template.spec.volumes[1].containerDisk.image'],
      ['set', 'IMAGE_PULL_SECRET', 'spec.template.spec.volumes[2].containerDisk.imagePullSecret'],
    ]);
    expect(result.notes[1]!.message).toBe(
      'ghcr.io/other/disk:1: kubelet would use none of the logins given (ghcr.io/acme) for it, so it is left alone.',
    );
    expect(result.references).toEqual([
      {
        namespace: undefined,
        dockerConfigSecret: true,
        cdiSecrets: [],
        caConfigMap: false,
        caRegistries: [],
      },
    ]);
    expect(JSON.stringify(result.notes)).not.toContain(CANARY);
  });

  it('keeps another Secret unless told to overwrite, and says so; the same name is left unchanged', () => {
    const text = vm(`        - name: a
          containerDisk:
            image: ghcr.io/acme/disk:1
            imagePullSecret: "theirs"
`);
    const kept = inject(text);
    expect(kept.changed).toBe(false);
    expect(kept.text).toBe(text);
    expect(kept.notes[0]).toMatchObject({ level: 'kept', fix: expect.stringContaining('{{overwrite}}') });
    expect(kept.references).toEqual([]);
    const overwritten = inject(text, { overwrite: true });
    expect(overwritten.text).toContain('imagePullSecret: "regcred"\n');
    expect(overwritten.notes[0]).toMatchObject({
      level: 'overwritten',
      message: 'named theirs, now Secret regcred.',
    });
    const again = inject(overwritten.text);
    expect(again.notes[0]!.level).toBe('unchanged');
    expect(again.text).toBe(overwritten.text);
  });

  it('sets the kernel boot container’s imagePullSecret', () => {
    const result = inject(
      vm(
        '        - name: a\n          emptyDisk: {capacity: 1Gi}\n',
        `
        firmware:
          kernelBoot:
            container:
              image: ghcr.io/acme/kernel:6.1
              kernelPath: /boot/vmlinuz`,
      ),
    );
    expect(result.text).toContain(
      '              kernelPath: /boot/vmlinuz\n              imagePullSecret: regcred\n',
    );
    expect(result.notes[0]!.path).toBe(
      'spec.template.spec.domain.firmware.kernelBoot.container.imagePullSecret',
    );
  });

  it('gives each registry its own CDI Secret, one login each, and sets certConfigMap with a CA', () => {
    const dv = (name: string, url: string) => `---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: ${name}
  namespace: vms
spec:
  source:
    registry:
      url: ${url}
  storage: {}
`;
    const result = inject(dv('a', 'docker://ghcr.io/acme/disk:1') + dv('b', 'docker://quay.io/x/disk:2'), {
      credentials: [ghcr, quay],
      caConfigMapName: 'registry-ca',
      namespace: 'ignored-when-the-document-names-one',
    });
    expect(result.text).toContain(
      '      url: docker://ghcr.io/acme/disk:1\n      secretRef: regcred-cdi-ghcr-io\n      certConfigMap: registry-ca\n',
    );
    expect(result.text).toContain('      secretRef: regcred-cdi-quay-io\n');
    expect(result.references).toEqual([
      {
        namespace: 'vms',
        dockerConfigSecret: false,
        cdiSecrets: [
          { name: 'regcred-cdi-ghcr-io', credential: ghcr },
          { name: 'regcred-cdi-quay-io', credential: quay },
        ],
        caConfigMap: true,
        caRegistries: ['ghcr.io', 'quay.io'],
      },
    ]);
  });

  it('warns, with the fix, about sources that will not import as written', () => {
    const text = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: a}
spec:
  source:
    registry:
      url: docker://ghcr.io/acme/disk:1
      imageStream: disk
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: b}
spec:
  source:
    registry:
      url: ghcr.io/acme/disk:1
      secretRef: regcred
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataImportCron
metadata: {name: c}
spec:
  template:
    source:
      registry:
        url: docker://ghcr.io/acme/disk:1
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: d}
spec:
  source:
    registry:
      url: docker://ghcr.io/acme/disk:1
      pullMethod: node
`;
    const result = inject(text);
    const warnings = result.notes.filter((n) => n.level === 'warning');
    expect(warnings.map((n) => [n.name, n.code])).toEqual([
      ['a', 'URL_AND_IMAGE_STREAM'],
      ['a', 'IMAGE_STREAM_WITHOUT_NODE_PULL'],
      ['b', 'REGISTRY_URL_NO_SCHEME'],
      ['b', 'SECRET_REF_IS_DOCKER_CONFIG'],
      ['c', 'TEMPLATE_MISNESTED'],
      ['d', 'PULL_METHOD_NODE'],
    ]);
    for (const warning of warnings) {
      expect(warning.message).not.toContain('\n');
      expect(warning.fix).toMatch(/^[A-Z].*\.$/);
    }
    expect(warnings[2]!.fix).toBe('Write url: docker://ghcr.io/acme/disk:1.');
    expect(warnings[5]!.fix).toContain(`"imagePullSecrets":[{"name":"regcred"}]`);
    // pullMethod: node gets no secretRef: it would not be used.
    expect(result.text).not.toMatch(/pullMethod: node\n\s+secretRef/);
    // The mis-nested template is left alone.
    expect(result.text).toContain('        url: docker://ghcr.io/acme/disk:1\n---');
  });

  it('refuses a registry URL that is not one, and another scheme, as bad input', () => {
    const dv = (url: string) =>
      `kind: DataVolume\nmetadata: {name: a}\nspec:\n  source:\n    registry:\n      url: "${url}"\n`;
    expect(() => inject(dv('docker://not a url'))).toThrow(/is not a registry URL/);
    expect(() => inject(dv('https://ghcr.io/acme/disk'))).toThrow(/scheme https:\/\//);
    expect(() => inject(dv('docker://\\u001b[31mred'))).toThrow(/\\u001b/);
  });
});

describe('injectPullSecrets and the Secrets in the input', () => {
  it('warns about a secretRef naming a dockerconfigjson Secret among the documents', () => {
    const text = `apiVersion: v1
kind: Secret
metadata: {name: my-pull}
type: kubernetes.io/dockerconfigjson
data: {}
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: a}
spec:
  source:
    registry:
      url: docker://quay.io/x/disk:1
      secretRef: my-pull
`;
    const result = injectPullSecrets(readManifests(text, 'all.yaml'), {
      credentials: [{ registry: 'ghcr.io', username: 'u', password: 'p' }],
      secretName: 'regcred',
      cdiSecretName: 'regcred-cdi',
    });
    expect(result.notes.map((n) => [n.level, n.code])).toEqual([
      ['skipped', 'NO_MATCHING_CREDENTIAL'],
      ['warning', 'SECRET_REF_IS_DOCKER_CONFIG'],
    ]);
    expect(result.notes[1]!.fix).toBe(
      'Name an Opaque Secret with accessKeyId and secretKey (pull-secret makes one for CDI).',
    );
  });
});
