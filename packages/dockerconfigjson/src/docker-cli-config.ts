import type { RegistryCredential } from './credential.js';
import { decodeDockerConfig, goJsonField, isPlainObject, parseJsonObject } from './decode.js';
import { InvalidInputError } from './errors.js';
import { displayRegistryKey, normalizeRegistryKey } from './registry-key.js';
import { showUntrusted } from './show-untrusted.js';

const HELPER_HINT =
  'kubelet cannot run Docker credential helpers: pass {{registry}}, {{username}} and {{password}} instead, ' +
  'or use a config.json written by "docker login" without "credsStore"/"credHelpers".';

/**
 * The credentials of a Docker CLI `~/.docker/config.json`, ready for a pull secret. Entries the Docker
 * CLI left empty because the real secret lives in a credential helper (`credsStore`, `credHelpers`) are
 * an error: kubelet would find no password there.
 */
export interface ImportDockerCliConfigOptions {
  /**
   * Called for each registry only a credential helper serves (`credHelpers` with no `auths` entry):
   * kubelet cannot use it, so it is left out. Without this callback such a registry is an error.
   */
  onHelperOnly?: (registry: string, helper: string) => void;
}

export function importDockerCliConfig(
  configJson: string,
  options: ImportDockerCliConfigOptions = {},
): RegistryCredential[] {
  const root = parseJsonObject(configJson, 'The Docker CLI config');
  // The Docker CLI reads config.json with Go's encoding/json, which matches keys ignoring case.
  const storeName = goJsonField(root, 'credsStore');
  const credsStore = typeof storeName === 'string' && storeName ? storeName : undefined;
  const helperMap = goJsonField(root, 'credHelpers');
  const credHelpers = isPlainObject(helperMap) ? helperMap : {};
  const authsMap = goJsonField(root, 'auths');
  const rawAuths = isPlainObject(authsMap) ? authsMap : {};
  const credentials = decodeDockerConfig(JSON.stringify({ auths: rawAuths }));

  for (const credential of credentials) {
    if (credential.username || credential.password) continue;
    const entry = rawAuths[credential.registry];
    const helper =
      typeof credHelpers[credential.registry] === 'string' ? credHelpers[credential.registry] : undefined;
    const where = `Registry "${displayRegistryKey(credential.registry)}" has no username or password in this file`;
    if (helper || credsStore) {
      const store = helper
        ? `the credential helper "${showUntrusted(String(helper))}" (credHelpers)`
        : `the credential store "${showUntrusted(String(credsStore))}" (credsStore)`;
      throw new InvalidInputError(
        'DOCKER_CONFIG_CREDENTIAL_HELPER',
        `${where}: Docker keeps it in ${store}.`,
        {
          hint: HELPER_HINT,
        },
      );
    }
    const token = isPlainObject(entry) ? goJsonField(entry, 'identitytoken') : undefined;
    const onlyToken = typeof token === 'string' && token.length > 0;
    throw new InvalidInputError(
      'DOCKER_CONFIG_EMPTY_ENTRY',
      onlyToken ? `${where}, only an identity token, which kubelet cannot use.` : `${where}.`,
      { hint: 'Run "docker login" for that registry again, or remove the entry.' },
    );
  }
  const present = new Set(credentials.map((credential) => normalizeRegistryKey(credential.registry)));
  for (const [registry, helper] of Object.entries(credHelpers)) {
    if (present.has(normalizeRegistryKey(registry))) continue;
    if (options.onHelperOnly && credentials.length > 0) {
      options.onHelperOnly(registry, String(helper));
      continue;
    }
    if (credentials.length > 0) {
      throw new InvalidInputError(
        'DOCKER_CONFIG_CREDENTIAL_HELPER',
        `Registry "${displayRegistryKey(registry)}" is served only by the credential helper "${showUntrusted(String(helper))}" (credHelpers).`,
        { hint: HELPER_HINT },
      );
    }
  }
  if (credentials.length === 0) {
    const helpers = [
      credsStore && `credsStore "${showUntrusted(credsStore)}"`,
      Object.keys(credHelpers).length > 0 && 'credHelpers',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new InvalidInputError(
      'DOCKER_CONFIG_NO_AUTHS',
      helpers
        ? `The Docker CLI config has no credentials of its own; they are in ${helpers}.`
        : 'The Docker CLI config has no registry credentials ("auths" is empty).',
      {
        hint: helpers
          ? HELPER_HINT
          : 'Run "docker login REGISTRY" first, or give {{registry}} and {{username}}.',
      },
    );
  }
  return credentials;
}
