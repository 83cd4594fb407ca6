export type { DiskSource, DiskSources, MisnestedTemplate, YamlPath } from './find-disk-sources.js';
export { findDiskSources, formatPath } from './find-disk-sources.js';
export type { InjectNote, InjectNoteCode, InjectNoteLevel } from './inject-note.js';
export type {
  InjectPullSecretsOptions,
  InjectPullSecretsResult,
  NamespaceReferences,
} from './inject-options.js';
export { injectPullSecrets } from './inject-pull-secrets.js';
export { insecureRegistryPatch } from './insecure-registry-patch.js';
export type { ManifestDocument } from './read-manifests.js';
export { readManifests } from './read-manifests.js';
export type { RegistrySourceUrl } from './registry-source-url.js';
export { parseRegistrySourceUrl } from './registry-source-url.js';
export { writeManifests } from './write-manifests.js';
