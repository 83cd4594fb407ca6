import {
  type CredentialRecipe,
  encodeDockerConfigJson,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { DOCKER_CONFIG_JSON_KEY, MANAGED_BY_LABEL, MANAGED_BY_VALUE, SECRET_TYPE } from './conventions.js';
import { type CredentialMetadata, credentialAnnotations, freshMetadata } from './credential-metadata.js';
import type { SecretManifest } from './manifest-types.js';
import { validateNamespace, validateSecretName } from './names.js';

export interface PullSecretManifestInit {
  name: string;
  namespace?: string;
  credentials: readonly RegistryCredential[];
  /** The provider of every credential `recipes` does not name. Default `static`. */
  provider?: string;
  /** How each credential was made, by `credential.registry`: recorded per registry key, no secret. */
  recipes?: Readonly<Record<string, CredentialRecipe>>;
  /**
   * Metadata that stays as it is for some credentials (entries a merge keeps from the Secret it merges
   * into); undefined for a credential this write puts in.
   */
  kept?: (credential: RegistryCredential) => CredentialMetadata | undefined;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret holding `credentials`, marked as managed by pull-secret:
 * the managed-by label; the registries, provider and per-registry credentials annotations; the
 * earliest expiry if any.
 */
export function pullSecretManifest(init: PullSecretManifestInit): SecretManifest {
  validateSecretName(init.name);
  if (init.namespace !== undefined) validateNamespace(init.namespace);
  const dockerConfigJson = encodeDockerConfigJson(init.credentials);
  const provider = init.provider ?? 'static';
  const annotations: Record<string, string> = {
    ...init.annotations,
    ...credentialAnnotations(
      init.credentials,
      (credential) =>
        init.kept?.(credential) ?? freshMetadata(credential, init.recipes?.[credential.registry], provider),
      provider,
    ),
  };
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

export { formatRfc3339 } from './credential-metadata.js';
