export type {
  ApplyManagedOptions,
  ApplyManagedResult,
  ManagedResult,
  ManagedSteps,
} from './apply-managed.js';
export { applyManaged } from './apply-managed.js';
export type {
  ApplyOutcome,
  ApplyPullSecretOptions,
  ApplyPullSecretResult,
  NamespaceResult,
  ServiceAccountResult,
} from './apply-pull-secret.js';
export { applyPullSecret, planWrite } from './apply-pull-secret.js';
export { CA_CONFIG_MAP_KEY, caConfigMap } from './ca-config-map.js';
export { CDI_ACCESS_KEY_ID, CDI_SECRET_KEY, cdiRegistrySecret } from './cdi-registry-secret.js';
export {
  CREDENTIALS_ANNOTATION,
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
export type { CredentialMetadata, RegistryMetadata } from './credential-metadata.js';
export { readCredentialMetadata } from './credential-metadata.js';
export type { DockerConfigSecretInit } from './docker-config-secret.js';
export { dockerConfigSecret } from './docker-config-secret.js';
export type { ManifestFormat } from './format-manifests.js';
export { formatManifests } from './format-manifests.js';
export type {
  KubeApi,
  KubeApiInit,
  NamespaceInfo,
  WatchList,
  WatchPath,
  WatchSelectors,
} from './kube-api.js';
export { connectKubeApi } from './kube-api.js';
export { KubeApiError } from './kube-api-error.js';
export type {
  ManagedObject,
  ManagedPlan,
  ManagedResource,
  ManagedShape,
  PlanOutcome,
  ShapeFailure,
  ShapeWrite,
} from './managed-shape.js';
export { planManaged } from './managed-shape.js';
export type {
  ConfigMapManifest,
  LeaseManifest,
  ObjectMeta,
  SecretManifest,
  ServiceAccountManifest,
} from './manifest-types.js';
export { validateNamespace, validateSecretName, validateServiceAccountName } from './names.js';
export type { PullSecretManifestInit } from './pull-secret-manifest.js';
export { formatRfc3339, pullSecretManifest } from './pull-secret-manifest.js';
export type { ManagedPullSecret } from './pull-secret-status.js';
export { listManagedPullSecrets } from './pull-secret-status.js';
export type { CredentialFileSource, ReadCredentialSourcesOptions } from './read-credential-sources.js';
export { readCredentialSources } from './read-credential-sources.js';
export type {
  EntryOutcome,
  RecipeResolver,
  RefreshEntry,
  RefreshPoint,
  RefreshPullSecretsOptions,
  RefreshPullSecretsResult,
  RefreshSecretResult,
  SecretOutcome,
} from './refresh-pull-secrets.js';
export { DEFAULT_REFRESH_POINT, isDue, refreshPullSecrets } from './refresh-pull-secrets.js';
export type { RequestPolicyInit } from './request-policy.js';
export { requestPolicy } from './request-policy.js';
export type { NamespaceTargets, ResolvedNamespaces } from './resolve-namespaces.js';
export { listedNamespaces, resolveNamespaces, validateTargets } from './resolve-namespaces.js';
export { withImagePullSecret } from './service-account.js';
export type { Clock } from './watch/alarm.js';
export { alarm, SYSTEM_CLOCK } from './watch/alarm.js';
export type { BackoffInit } from './watch/backoff.js';
export { backoff } from './watch/backoff.js';
export { dueAt } from './watch/due-at.js';
export type { HealthServerInit } from './watch/health-server.js';
export { startHealthServer } from './watch/health-server.js';
export type { LeaderElection, LeaderElectionInit } from './watch/leader-election.js';
export { microTime, startLeaderElection } from './watch/leader-election.js';
export type { MetricFamily } from './watch/prometheus-text.js';
export { prometheusText } from './watch/prometheus-text.js';
export type {
  ExpirySample,
  PullSecretReconciler,
  PullSecretReconcilerInit,
  ReconcilerApplyOptions,
} from './watch/pull-secret-reconciler.js';
export { startPullSecretReconciler } from './watch/pull-secret-reconciler.js';
export type { WatchCollectionInit, WatchedCollection, WatchedObject } from './watch/watch-collection.js';
export { watchCollection } from './watch/watch-collection.js';
export { watchMetricsText } from './watch/watch-metrics.js';
export type { WriteManagedOptions } from './write-managed.js';
