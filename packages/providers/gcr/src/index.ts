export type { FromGoogleInit, GoogleAuthMode } from './from-google.js';
export { ACCESS_TOKEN_USERNAME, CLOUD_PLATFORM_SCOPE, fromGoogle } from './from-google.js';
export { gcrPlugin } from './gcr-plugin.js';
export type { GoogleRegistryHost } from './google-registry-host.js';
export { isGoogleRegistry, parseGoogleRegistryHost } from './google-registry-host.js';
