import {
  displayRegistryKey,
  earliestExpiry,
  encodeDockerConfigJson,
  type RegistryCredential,
  registryKeys,
} from '@pull-secret/dockerconfigjson';
import {
  DOCKER_CONFIG_JSON_KEY,
  EXPIRES_AT_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
  SECRET_TYPE,
} from './conventions.js';
import type { SecretManifest } from './manifest-types.js';
import { validateNamespace, validateSecretName } from './names.js';

export interface PullSecretManifestInit {
  name: string;
  namespace?: string;
  credentials: readonly RegistryCredential[];
  /** The provider that produced the credentials, for the `pull-secret.dev/provider` annotation. */
  provider?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret holding `credentials`, marked as managed by pull-secret:
 * the managed-by label, the registries and provider annotations, and the earliest expiry if any.
 */
export function pullSecretManifest(init: PullSecretManifestInit): SecretManifest {
  validateSecretName(init.name);
  if (init.namespace !== undefined) validateNamespace(init.namespace);
  const dockerConfigJson = encodeDockerConfigJson(init.credentials);
  const registries = registryKeys(init.credentials);
  const annotations: Record<string, string> = {
    ...init.annotations,
    [REGISTRIES_ANNOTATION]: registries.map(displayRegistryKey).join(','),
    [PROVIDER_ANNOTATION]: init.provider ?? 'static',
  };
  const expiresAt = earliestExpiry(init.credentials);
  if (expiresAt) annotations[EXPIRES_AT_ANNOTATION] = formatRfc3339(expiresAt);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: init.name,
      ...(init.namespace === undefined ? {} : { namespace: init.namespace }),
      labels: { ...init.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations,
    },
    type: SECRET_TYPE,
    data: { [DOCKER_CONFIG_JSON_KEY]: Buffer.from(dockerConfigJson, 'utf8').toString('base64') },
  };
}

/** RFC 3339 in UTC with whole seconds, as Kubernetes writes timestamps. */
export function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
