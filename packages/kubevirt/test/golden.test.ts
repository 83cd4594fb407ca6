// Golden tests: the upstream KubeVirt and CDI examples (unmodified, from ../shared/fixtures) and edge
// deployment shapes, patched; the output must match the golden file, keep every line of the input that
// was not changed, and validate against KubeVirt's and CDI's own OpenAPI definitions.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { InjectNote } from '../src/inject-note.js';
import { injectPullSecrets } from '../src/inject-pull-secrets.js';
import { readManifests } from '../src/read-manifests.js';
import { writeManifests } from '../src/write-manifests.js';
import { apiErrors, FIXTURES } from './api-schema.js';

const UPDATE = process.env.PULL_SECRET_UPDATE_GOLDEN === '1';
const login = (registry: string): RegistryCredential => ({
  registry,
  username: 'robot',
  password: 'CANARY-golden-5e1d',
});

interface Case {
  input: string;
  credentials: RegistryCredential[];
  ca?: boolean;
  /** The input itself breaks the API's schema (the point of the case): the output may not break it more. */
  invalidInput?: boolean;
}

const CASES: Record<string, Case> = {
  'vm-cirros': { input: `${FIXTURES}kubevirt/vm-cirros.yaml`, credentials: [login('registry:5000')] },
  'vmi-ephemeral': { input: `${FIXTURES}kubevirt/vmi-ephemeral.yaml`, credentials: [login('registry:5000')] },
  'vm-pool-cirros': {
    input: `${FIXTURES}kubevirt/vm-pool-cirros.yaml`,
    credentials: [login('registry:5000')],
  },
  'vmi-replicaset-cirros': {
    input: `${FIXTURES}kubevirt/vmi-replicaset-cirros.yaml`,
    credentials: [login('registry:5000')],
  },
  'vm-alpine-datavolume': {
    input: `${FIXTURES}kubevirt/vm-alpine-datavolume.yaml`,
    credentials: [login('registry:5000')],
    ca: true,
  },
  'registry-image-datavolume': {
    input: `${FIXTURES}cdi/registry-image-datavolume.yaml`,
    credentials: [login('https://index.docker.io/v1/')],
  },
  'registry-image-block-datavolume': {
    input: `${FIXTURES}cdi/registry-image-block-datavolume.yaml`,
    credentials: [login('https://index.docker.io/v1/'), login('quay.io')],
  },
  'edge-container-disk-vm': {
    input: new URL('testdata/edge-container-disk-vm.yaml', import.meta.url).pathname,
    credentials: [login('registry.edge.example:8443')],
  },
  'edge-registry-datavolume-vm': {
    input: new URL('testdata/edge-registry-datavolume-vm.yaml', import.meta.url).pathname,
    credentials: [login('registry.edge.example:8443')],
  },
  'edge-registry-datavolume-vm-ca': {
    input: new URL('testdata/edge-registry-datavolume-vm-ca.yaml', import.meta.url).pathname,
    credentials: [login('registry.edge.example:8443')],
    ca: true,
  },
  'edge-misnested-vm': {
    input: new URL('testdata/edge-misnested-vm.yaml', import.meta.url).pathname,
    credentials: [login('registry.edge.example:8443')],
    invalidInput: true,
  },
  'data-import-cron': {
    input: new URL('testdata/data-import-cron.yaml', import.meta.url).pathname,
    credentials: [login('quay.io/containerdisks')],
  },
};

function noteLine(note: InjectNote): string {
  return `${note.level} ${note.code} #${note.document} ${note.kind}/${note.name} ${note.path}: ${note.message}${note.fix ? ` | fix: ${note.fix}` : ''}`;
}

describe('injectPullSecrets on real manifests', () => {
  for (const [name, testCase] of Object.entries(CASES)) {
    it(name, () => {
      const text = readFileSync(testCase.input, 'utf8');
      const documents = readManifests(text, `${name}.yaml`);
      const result = injectPullSecrets(documents, {
        credentials: testCase.credentials,
        secretName: 'regcred',
        cdiSecretName: 'regcred-cdi',
        ...(testCase.ca ? { caConfigMapName: 'registry-ca' } : {}),
        dockerConfigSecretNames: ['edge-pull'],
      });
      const output = writeManifests(result.documents);
      const notes = `${result.notes.map(noteLine).join('\n')}\n`;
      const goldenYaml = new URL(`testdata/golden/${name}.yaml`, import.meta.url).pathname;
      const goldenNotes = new URL(`testdata/golden/${name}.notes`, import.meta.url).pathname;
      if (UPDATE || !existsSync(goldenYaml)) {
        writeFileSync(goldenYaml, output);
        writeFileSync(goldenNotes, notes);
      }
      expect(output).toBe(readFileSync(goldenYaml, 'utf8'));
      expect(notes).toBe(readFileSync(goldenNotes, 'utf8'));
      expect(output).not.toContain('CANARY');

      // Only reference lines were added: without them the output is the input, byte for byte.
      const inputLines = new Set(text.split('\n'));
      const withoutAdded = output
        .split('\n')
        .filter(
          (line) => inputLines.has(line) || !/^\s*(imagePullSecret|secretRef|certConfigMap): /.test(line),
        )
        .join('\n');
      expect(withoutAdded).toBe(text);

      const inputs = parseAllDocuments(text).map((d) => d.toJS());
      const outputs = parseAllDocuments(output).map((d) => d.toJS());
      expect(outputs).toHaveLength(inputs.length);
      outputs.forEach((object, i) => {
        const errors = apiErrors(object);
        if (testCase.invalidInput) expect(errors).toEqual(apiErrors(inputs[i]));
        else expect(errors, `document ${i + 1}`).toEqual([]);
      });
    });
  }
});
