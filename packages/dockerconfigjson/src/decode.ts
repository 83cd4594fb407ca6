import type { RegistryCredential } from './credential.js';
import { InvalidInputError } from './errors.js';
import { decodeKubeletBase64 } from './kubelet-base64.js';
import { MAX_NESTING_DEPTH, nestsDeeperThan } from './nesting-depth.js';
import { displayRegistryKey } from './registry-key.js';

export interface DecodeDockerConfigOptions {
  /**
   * `dockerconfigjson`: credentials under `auths` (a `kubernetes.io/dockerconfigjson` Secret);
   * `dockercfg`: the legacy map without the wrapper; `auto` (default): `auths` if present, else legacy.
   */
  format?: 'auto' | 'dockerconfigjson' | 'dockercfg';
}

const HINT = 'Check the file: it must be a .dockerconfigjson ({"auths":{…}}) or a legacy .dockercfg.';

/**
 * Reads a `.dockerconfigjson` (`{"auths":{…}}`) or a legacy `.dockercfg` (the same map without the
 * `auths` wrapper) into credentials, in file order. Follows kubelet: a non-empty `auth` wins over
 * `username`/`password`; `auth` must be strict base64 of `username:password`, split at the first colon.
 * Errors name the registry key and what is wrong, never a secret value.
 */
export function decodeDockerConfig(
  text: string,
  options: DecodeDockerConfigOptions = {},
): RegistryCredential[] {
  const format = options.format ?? 'auto';
  const root = parseJsonObject(text, 'The Docker config');
  const wrapped =
    format === 'dockerconfigjson' ||
    (format === 'auto' && Object.keys(root).some((key) => foldGoJsonKey(key) === 'auths'));
  // kubelet reads only "auths" from a .dockerconfigjson: a file without it holds no credentials.
  const auths = wrapped ? (goJsonField(root, 'auths') ?? {}) : root;
  if (!isPlainObject(auths)) {
    throw new InvalidInputError(
      'DOCKER_CONFIG_INVALID',
      'The Docker config\'s "auths" is not a JSON object.',
      {
        hint: HINT,
      },
    );
  }
  return Object.entries(auths).map(([registry, entry]) => decodeEntry(registry, entry));
}

function decodeEntry(registry: string, entry: unknown): RegistryCredential {
  const where = `Registry "${displayRegistryKey(registry)}"`;
  if (!isPlainObject(entry)) {
    throw new InvalidInputError('DOCKER_CONFIG_INVALID', `${where}: the entry is not a JSON object.`, {
      hint: HINT,
    });
  }
  const field = (name: string): string => {
    const value = goJsonField(entry, name);
    if (value === undefined) return '';
    if (typeof value !== 'string') {
      throw new InvalidInputError('DOCKER_CONFIG_INVALID', `${where}: "${name}" is not a string.`, {
        hint: HINT,
      });
    }
    return value;
  };
  let username = field('username');
  let password = field('password');
  const email = field('email');
  const auth = field('auth');
  if (auth.length > 0) {
    const decoded = decodeKubeletBase64(auth);
    if (!decoded) {
      throw new InvalidInputError('DOCKER_CONFIG_BAD_AUTH', `${where}: "auth" is not valid base64.`, {
        hint: 'It must be base64 of "username:password", padded or unpadded, with no spaces.',
      });
    }
    const text = decoded.toString('utf8');
    const colon = text.indexOf(':');
    if (colon === -1) {
      throw new InvalidInputError(
        'DOCKER_CONFIG_BAD_AUTH',
        `${where}: "auth" does not decode to "username:password" (no colon).`,
        { hint: 'Encode "username:password" with base64, e.g. printf %s "user:pass" | base64 -w0.' },
      );
    }
    username = text.slice(0, colon);
    password = text.slice(colon + 1);
  }
  return email ? { registry, username, password, email } : { registry, username, password };
}

/** JSON.parse without the engine's message, which quotes the input and so could quote a secret. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Anchored at the end: V8's other messages quote the input, which may itself say "position 123".
    const position = / at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(
      String((error as Error).message),
    )?.[1];
    throw new InvalidInputError(
      'JSON_INVALID',
      `${what} is not valid JSON${position === undefined ? '' : ` (at character ${position})`}.`,
      { hint: HINT },
    );
  }
  if (!isPlainObject(value)) {
    throw new InvalidInputError('JSON_INVALID', `${what} is not a JSON object.`, { hint: HINT });
  }
  if (nestsDeeperThan(value)) {
    throw new InvalidInputError(
      'INPUT_TOO_DEEP',
      `${what} nests objects or arrays more than ${MAX_NESTING_DEPTH} levels deep.`,
      { hint: HINT },
    );
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value Go's encoding/json puts in the struct field tagged `name`: object keys match it ignoring case
 * (Go also folds `ſ` to s and the Kelvin sign to k), a later key overrides an earlier one, and `null`
 * leaves the field unset. kubelet and the Docker CLI read these files with it, so `"Auth"` counts too.
 */
export function goJsonField(object: Record<string, unknown>, name: string): unknown {
  const wanted = foldGoJsonKey(name);
  let value: unknown;
  for (const [key, candidate] of Object.entries(object)) {
    if (candidate !== null && foldGoJsonKey(key) === wanted) value = candidate;
  }
  return value;
}

function foldGoJsonKey(key: string): string {
  return key
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k');
}
