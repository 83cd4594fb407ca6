import type { RegistryCredential } from './credential.js';
import { compareGoStrings, goJsonString } from './go-json.js';
import { DOCKER_HUB_KEY } from './registry-key.js';

/**
 * The `.dockerconfigjson` text for a set of credentials, byte for byte what
 * `kubectl create secret docker-registry` writes: `{"auths":{KEY:{"username","password","email","auth"}}}`
 * with Go's escaping, keys in Go's sorted order, empty fields left out. A credential without a registry
 * gets Docker Hub's key; when two credentials share a key the later one wins, as in a JSON object.
 */
export function encodeDockerConfigJson(credentials: readonly RegistryCredential[]): string {
  const entries = byRegistryKey(credentials);
  const body = entries
    .map(([key, credential]) => `${goJsonString(key)}:${encodeEntry(credential)}`)
    .join(',');
  return `{"auths":{${body}}}`;
}

/** base64 of `username:password`, the `auth` field. */
export function encodeAuth(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

function encodeEntry({ username, password, email }: RegistryCredential): string {
  const fields: string[] = [];
  if (username) fields.push(`"username":${goJsonString(username)}`);
  if (password) fields.push(`"password":${goJsonString(password)}`);
  if (email) fields.push(`"email":${goJsonString(email)}`);
  const auth = encodeAuth(username, password);
  fields.push(`"auth":${goJsonString(auth)}`);
  return `{${fields.join(',')}}`;
}

/** The `auths` keys `encodeDockerConfigJson` writes for these credentials, in its order. */
export function registryKeys(credentials: readonly RegistryCredential[]): string[] {
  return byRegistryKey(credentials).map(([key]) => key);
}

function byRegistryKey(credentials: readonly RegistryCredential[]): [string, RegistryCredential][] {
  const byKey = new Map<string, RegistryCredential>();
  for (const credential of credentials) byKey.set(credential.registry || DOCKER_HUB_KEY, credential);
  return [...byKey.entries()].sort(([a], [b]) => compareGoStrings(a, b));
}
