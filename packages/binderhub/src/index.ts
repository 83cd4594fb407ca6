export {
  type BinderRegistrySettings,
  binderRegistrySettings,
  type RenderedDockerConfig,
  renderedDockerConfig,
} from './binder-registry-settings.js';
export {
  type BinderHubValues,
  type BinderHubValuesInit,
  binderHubValues,
  onePushLogin,
  type ValuesDocument,
} from './binderhub-values.js';
export { checkBinderHubValues } from './check-binderhub-values.js';
export { checkJupyterHubValues, type ValuesFile, type ValuesFinding } from './check-jupyterhub-values.js';
export { ecrPushPolicy } from './ecr-push-policy.js';
export {
  type JupyterHubValues,
  type JupyterHubValuesOptions,
  jupyterHubValues,
  valuesYaml,
} from './jupyterhub-values.js';
export { type MergedValues, mergeValuesFiles } from './merge-values-files.js';
export {
  BINDERHUB_MANIFEST_ACCEPT,
  type BinderLookupOutcome,
  type BinderLookupRequest,
  type BinderLookupResult,
  imageBasenameAndTag,
  type ProbeBinderRegistryInit,
  probeBinderRegistry,
} from './probe-binder-registry.js';
export {
  KIND_RULES,
  type KindRule,
  REGISTRY_KINDS,
  type RegistryKind,
  registryKind,
  registryKindOfProvider,
} from './registry-kinds.js';
