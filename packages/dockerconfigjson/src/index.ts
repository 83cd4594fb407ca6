export { chain } from './chain.js';
export type {
  CredentialProvider,
  CredentialProviderOptions,
  CredentialRecipe,
  RegistryCredential,
} from './credential.js';
export { earliestExpiry } from './credential.js';
export type { DecodeDockerConfigOptions } from './decode.js';
export { decodeDockerConfig, isPlainObject, parseJsonObject } from './decode.js';
export type { ImportDockerCliConfigOptions } from './docker-cli-config.js';
export { importDockerCliConfig } from './docker-cli-config.js';
export { encodeDockerConfigJson, registryKeys } from './encode.js';
export type { OptionWording, PullSecretErrorInit } from './errors.js';
export {
  CredentialUnavailableError,
  InvalidInputError,
  NEUTRAL_WORDING,
  PullSecretError,
  wordOptions,
} from './errors.js';
export { goGlobMatch } from './go-glob.js';
export type { ImageReference } from './image-reference.js';
export { parseImageReference } from './image-reference.js';
export type { CredentialSource, LookupMatch, LookupResult } from './lookup.js';
export { lookup } from './lookup.js';
export type { MemoizeInit } from './memoize.js';
export { memoize } from './memoize.js';
export { mergeDockerConfig } from './merge.js';
export { MAX_NESTING_DEPTH, nestsDeeperThan } from './nesting-depth.js';
export type {
  ProviderAssignment,
  ProviderContext,
  ProviderOption,
  ProviderPlugin,
} from './provider-plugin.js';
export {
  assignProviders,
  detectProvider,
  resolveProviderOptions,
  uniqueProviderOptions,
} from './provider-plugin.js';
export {
  dockerConfigSecretForms,
  REDACT_ANYWHERE_LENGTH,
  redactCredential,
  redactText,
  secretForms,
  secretLines,
} from './redact.js';
export type { RegistryKeyParts } from './registry-key.js';
export {
  DOCKER_HUB_KEY,
  displayRegistryKey,
  isDockerHubKey,
  normalizeRegistryKey,
  parseRegistryKey,
  registryHost,
} from './registry-key.js';
export { showUntrusted, showUntrustedClipped } from './show-untrusted.js';
export { staticProvider } from './static-provider.js';
export { validateRegistry } from './validate-registry.js';
