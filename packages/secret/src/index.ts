export type {
  ApplyOutcome,
  ApplyPullSecretOptions,
  ApplyPullSecretResult,
  NamespaceResult,
  ServiceAccountResult,
} from './apply-pull-secret.js';
export { applyPullSecret, planWrite } from './apply-pull-secret.js';
export {
  DOCKER_CONFIG_JSON_KEY,
  DOCKERCFG_KEY,
  EXPIRES_AT_ANNOTATION,
  LEGACY_SECRET_TYPE,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
  SECRET_TYPE,
} from './conventions.js';
export type { ManifestFormat } from './format-manifests.js';
export { formatManifests } from './format-manifests.js';
export type { KubeApi, KubeApiInit, NamespaceInfo } from './kube-api.js';
export { connectKubeApi } from './kube-api.js';
export { KubeApiError } from './kube-api-error.js';
export type { ObjectMeta, SecretManifest, ServiceAccountManifest } from './manifest-types.js';
export { validateNamespace, validateSecretName } from './names.js';
export type { PullSecretManifestInit } from './pull-secret-manifest.js';
export { formatRfc3339, pullSecretManifest } from './pull-secret-manifest.js';
export type { ManagedPullSecret } from './pull-secret-status.js';
export { listManagedPullSecrets } from './pull-secret-status.js';
export type { CredentialFileSource, ReadCredentialSourcesOptions } from './read-credential-sources.js';
export { readCredentialSources } from './read-credential-sources.js';
export type { RequestPolicyInit } from './request-policy.js';
export { requestPolicy } from './request-policy.js';
export type { NamespaceTargets, ResolvedNamespaces } from './resolve-namespaces.js';
export { listedNamespaces, resolveNamespaces, validateTargets } from './resolve-namespaces.js';
export { withImagePullSecret } from './service-account.js';
