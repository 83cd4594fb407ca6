export { type RoutingProxy, startRoutingProxy } from './routing-proxy.js';
export type { SeededImage } from './seed-image.js';
export {
  type ExternalTokenService,
  findDockerRegistry,
  startTestRegistry,
  type TestRegistry,
  type TestRegistryMode,
  type TestRegistryOptions,
  type TestUser,
} from './test-registry.js';
export { signRegistryToken, type TokenRequestLogEntry } from './token-issuer.js';
