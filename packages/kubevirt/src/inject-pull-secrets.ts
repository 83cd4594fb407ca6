import { findDiskSources, formatPath } from './find-disk-sources.js';
import { documentContext, startInjectRun } from './inject-context.js';
import { injectImagePullSecret } from './inject-image-pull-secret.js';
import type { InjectPullSecretsOptions, InjectPullSecretsResult } from './inject-options.js';
import { injectRegistrySource } from './inject-registry-source.js';
import type { ManifestDocument } from './read-manifests.js';

/**
 * Points every disk image in the manifests at the pull Secrets for its registry, editing the YAML in
 * place so that comments, key order and quoting stay: a containerDisk's or kernel boot container's
 * `imagePullSecret` names the dockerconfigjson Secret when kubelet's lookup would pick one of the
 * credentials for its image; a CDI registry source's `secretRef` names the CDI Secret of the credential
 * its `docker://` URL's registry matches (and `certConfigMap` the CA ConfigMap, when there is a CA). A
 * reference to something else is kept unless `overwrite`. Every place gets a note, and every manifest
 * that will not pull as written a warning with its fix.
 */
export function injectPullSecrets(
  documents: ManifestDocument[],
  options: InjectPullSecretsOptions,
): InjectPullSecretsResult {
  const run = startInjectRun(documents, options);
  for (const manifest of documents) {
    if (manifest.empty) continue;
    const context = documentContext(run, manifest);
    const { sources, misnested } = findDiskSources(manifest.document, String(manifest.document.get('kind')));
    for (const wrong of misnested) {
      const spec = formatPath([...wrong.path, 'spec']);
      const reads = wrong.of === 'vmi' ? 'the VirtualMachineInstance spec' : 'the DataVolume spec';
      const stray = wrong.strayKeys.join(' and ');
      context.note(
        'warning',
        'TEMPLATE_MISNESTED',
        wrong.path,
        stray
          ? `has ${stray} directly under it, but ${reads} is read from ${spec}; they are dropped or refused.`
          : `has no spec, so it holds no ${wrong.of === 'vmi' ? 'disks' : 'import source'}.`,
        stray ? `Move ${stray} one level down, under ${spec}.` : `Put ${reads} under ${spec}.`,
      );
    }
    for (const source of sources) {
      if (source.type === 'registry') injectRegistrySource(source, context);
      else injectImagePullSecret(source, context);
    }
  }
  return { documents, notes: run.notes, references: [...run.references.values()], changed: run.changed };
}
