export { generateTlsMaterial, type TlsMaterial } from './certificates.js';
export { FAULT_KINDS, type FaultKind, type FaultSettings } from './faults.js';
export { CONCURRENT_WRITE_ANNOTATION } from './kube-api.js';
export {
  type KubeTestServer,
  type KubeTestServerOptions,
  type RequestLogEntry,
  startKubeTestServer,
  type TokenOptions,
} from './kube-test-server.js';
export { kubeconfigYaml } from './kubeconfig.js';
export { NAMESPACE_NAME_LABEL } from './namespaces.js';
export type { NamespacedResource, ObjectStore, StoreEvent } from './object-store.js';
export { type PolicyRule, VERBS as RBAC_VERBS, type Verb } from './rbac.js';
export type { KubeObject, ObjectMeta, ResourceName } from './resource-definition.js';
export type { Status, StatusCause, StatusDetails } from './status.js';
