import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  type CredentialRecipe,
  InvalidInputError,
  type OptionWording,
  type RegistryCredential,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import {
  type InjectNote,
  injectPullSecrets,
  type ManifestDocument,
  readManifests,
  writeManifests,
} from '@pull-secret/kubevirt';
import { caConfigMap, cdiRegistrySecret, formatManifests, pullSecretManifest } from '@pull-secret/secret';
import { actionWording } from './option-wording.js';
import type { ActionInputs } from './read-inputs.js';

/** What kubevirt mode needs besides the inputs: the logins, and how to read a manifest file. */
export interface KubevirtModeInit {
  credentials: readonly RegistryCredential[];
  provider: string;
  recipes: Record<string, CredentialRecipe>;
  readFile(path: string): Promise<string>;
}

/**
 * mode: kubevirt — the manifests' disks pointed at the pull Secrets (`secret-name` for containerDisks,
 * `secret-name`-cdi for CDI registry sources, `secret-name`-ca for their CA), written with the Secrets
 * and ConfigMap they name to one file (mode 0600: it holds the logins) under RUNNER_TEMP, whose path is
 * the output manifest-path. Each note is a log line; each warning an annotation with its fix.
 */
export async function writeKubevirtManifests(inputs: ActionInputs, init: KubevirtModeInit): Promise<string> {
  const documents: ManifestDocument[] = [];
  for (const path of inputs.manifests) {
    let text: string;
    try {
      text = await init.readFile(path);
    } catch (error) {
      throw new InvalidInputError(
        'FILE_UNREADABLE',
        `The file "${path}" in the input manifests cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        { hint: 'Paths are relative to the workspace; check out the repository first.' },
      );
    }
    documents.push(...readManifests(text, path));
  }
  const secretName = inputs.secretName;
  const cdiSecretName = `${secretName}-cdi`;
  const caName = `${secretName}-ca`;
  if (inputs.ca !== undefined) caConfigMap(inputs.ca, { name: caName });
  const namespace = inputs.namespaces[0];
  const result = injectPullSecrets(documents, {
    credentials: init.credentials,
    secretName,
    cdiSecretName,
    ...(inputs.ca === undefined ? {} : { caConfigMapName: caName }),
    overwrite: inputs.force,
    ...(namespace === undefined ? {} : { namespace }),
  });
  for (const note of result.notes) report(note);

  const objects: object[] = [];
  for (const ref of result.references) {
    const where = ref.namespace ?? '';
    const strip = <T extends { metadata: { namespace?: string } }>(object: T): T => {
      if (ref.namespace === undefined) delete object.metadata.namespace;
      return object;
    };
    if (ref.dockerConfigSecret) {
      objects.push(
        pullSecretManifest({
          name: secretName,
          ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
          credentials: init.credentials,
          provider: init.provider,
          recipes: init.recipes,
        }),
      );
    }
    for (const cdi of ref.cdiSecrets) {
      objects.push(strip(cdiRegistrySecret(cdi.credential, { name: cdi.name }).create(where).desired));
    }
    if (ref.caConfigMap && inputs.ca !== undefined) {
      objects.push(strip(caConfigMap(inputs.ca, { name: caName }).create(where).desired));
    }
  }
  const patched = writeManifests(documents);
  const text = objects.length === 0 ? patched : `${patched}---\n${formatManifests(objects, 'yaml')}`;
  const path = join(
    process.env.RUNNER_TEMP || tmpdir(),
    `pull-secret-kubevirt-${randomBytes(4).toString('hex')}.yaml`,
  );
  await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  core.setOutput('manifest-path', path);
  core.info(
    `pull-secret: wrote ${documents.filter((d) => !d.empty).length} patched manifests and ${objects.length} Secrets and ConfigMaps to ${path}`,
  );
  return path;
}

/** kubevirt mode replaces references to other Secrets when force is true: that is its overwrite. */
const wording: OptionWording = (option, occurrence) =>
  option === 'overwrite' ? 'force: true' : actionWording(option, occurrence);

function report(note: InjectNote): void {
  const where = `${note.source}#${note.document} ${note.name ? `${note.kind}/${note.name}` : note.kind} ${note.path}`;
  const message = wordOptions(note.message, wording);
  const fix = note.fix ? ` Fix: ${wordOptions(note.fix, wording)}` : '';
  if (note.level === 'warning') core.warning(`${where}: ${message}${fix}`);
  else core.info(`${note.level}: ${where}: ${message}${fix}`);
}
