export { type RoutingProxy, startRoutingProxy } from './routing-proxy.js';
export type { SeededImage } from './seed-image.js';
export {
  findDockerRegistry,
  startTestRegistry,
  type TestRegistry,
  type TestRegistryMode,
  type TestRegistryOptions,
  type TestUser,
} from './test-registry.js';
export type { TokenRequestLogEntry } from './token-issuer.js';
