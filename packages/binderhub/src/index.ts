export {
  type BinderHubValues,
  type BinderHubValuesInit,
  binderHubValues,
  type ValuesDocument,
} from './binderhub-values.js';
export { checkJupyterHubValues, type ValuesFile, type ValuesFinding } from './check-jupyterhub-values.js';
export { ecrPushPolicy } from './ecr-push-policy.js';
export {
  type JupyterHubValues,
  type JupyterHubValuesOptions,
  jupyterHubValues,
  valuesYaml,
} from './jupyterhub-values.js';
export {
  KIND_RULES,
  type KindRule,
  REGISTRY_KINDS,
  type RegistryKind,
  registryKind,
} from './registry-kinds.js';
