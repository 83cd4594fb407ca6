/** What pull-secret writes on the objects it manages (DESIGN.md, "Kubernetes conventions"). */
export const SECRET_TYPE = 'kubernetes.io/dockerconfigjson';
export const LEGACY_SECRET_TYPE = 'kubernetes.io/dockercfg';
export const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';
export const DOCKERCFG_KEY = '.dockercfg';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pull-secret';
export const REGISTRIES_ANNOTATION = 'pull-secret.dev/registries';
export const PROVIDER_ANNOTATION = 'pull-secret.dev/provider';
export const EXPIRES_AT_ANNOTATION = 'pull-secret.dev/expires-at';
/** Per registry key: its provider, non-secret recipe options and expiry, as compact JSON. */
export const CREDENTIALS_ANNOTATION = 'pull-secret.dev/credentials';
