/**
 * What happened at one place in the manifests: `set` (a reference added), `unchanged` (already there),
 * `overwritten` (another value replaced, as asked), `kept` (another value left, not asked to replace),
 * `skipped` (nothing to do there, and why), `warning` (the manifest will not pull as written).
 */
export type InjectNoteLevel = 'set' | 'unchanged' | 'overwritten' | 'kept' | 'skipped' | 'warning';

/** Stable codes, for front ends and tests to tell notes apart without reading their text. */
export type InjectNoteCode =
  | 'IMAGE_PULL_SECRET'
  | 'SECRET_REF'
  | 'CERT_CONFIG_MAP'
  | 'NO_MATCHING_CREDENTIAL'
  | 'NO_REGISTRY_LOGIN'
  | 'REGISTRY_URL_NO_SCHEME'
  | 'PULL_METHOD_NODE'
  | 'IMAGE_STREAM_WITHOUT_NODE_PULL'
  | 'URL_AND_IMAGE_STREAM'
  | 'TEMPLATE_MISNESTED'
  | 'SECRET_REF_IS_DOCKER_CONFIG';

/**
 * One structured note; the front end words it (`{{option}}` placeholders in `message` and `fix`, as in
 * library errors) and decides how to show it. Text from the manifests in it has control characters
 * escaped. Never holds a secret.
 */
export interface InjectNote {
  level: InjectNoteLevel;
  code: InjectNoteCode;
  /** The file, as named by the caller. */
  source: string;
  /** The document's place in the file, from 1. */
  document: number;
  kind: string;
  /** The object's metadata.name, or '' when it has none. */
  name: string;
  /** Where in the object: `spec.template.spec.volumes[0].containerDisk`. */
  path: string;
  /** One line: what is there and what was done. */
  message: string;
  /** One line: how to fix it, for warnings and kept values. */
  fix?: string;
}
