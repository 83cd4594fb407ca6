import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import type { InjectNote } from './inject-note.js';
import type { ManifestDocument } from './read-manifests.js';

export interface InjectPullSecretsOptions {
  /** The logins to point disks at; kubelet's lookup picks the one for each image. */
  credentials: readonly RegistryCredential[];
  /** The kubernetes.io/dockerconfigjson Secret (all credentials) a containerDisk's imagePullSecret names. */
  secretName: string;
  /**
   * The Opaque CDI Secret a registry source's secretRef names. CDI reads one registry's login from it,
   * so with several credentials each gets its own: this name, then `-` and its registry's host.
   */
  cdiSecretName: string;
  /** The CA ConfigMap a registry source's certConfigMap names; only when a CA is given. */
  caConfigMapName?: string;
  /** Replace a reference that names another Secret or ConfigMap (otherwise kept, and noted). */
  overwrite?: boolean;
  /** The namespace of documents that name none (the front end's -n); undefined: the context's. */
  namespace?: string;
  /**
   * dockerconfigjson Secrets the caller knows of; a secretRef naming one is warned about. secretName and
   * the dockerconfigjson Secrets among the documents are always known.
   */
  dockerConfigSecretNames?: readonly string[];
}

/** What the patched documents of one namespace name, and so what must exist there. */
export interface NamespaceReferences {
  /** undefined: the documents name no namespace (kubectl applies them to the context's). */
  namespace: string | undefined;
  /** The dockerconfigjson Secret is named by some containerDisk or kernel boot container. */
  dockerConfigSecret: boolean;
  /** The CDI Secrets named by some secretRef, each with the one login it holds. */
  cdiSecrets: { name: string; credential: RegistryCredential }[];
  /** The CA ConfigMap is named by some certConfigMap. */
  caConfigMap: boolean;
  /** The registries (`host[:port]`, as in the URLs) whose sources name the CA ConfigMap: whose CA it must hold. */
  caRegistries: string[];
}

export interface InjectPullSecretsResult {
  /** The same documents, changed in place. */
  documents: ManifestDocument[];
  notes: InjectNote[];
  references: NamespaceReferences[];
  /** Whether any document changed. */
  changed: boolean;
}
