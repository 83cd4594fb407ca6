import {
  InvalidInputError,
  lookup,
  parseRegistryKey,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import {
  type VerifyPullAccessInit,
  type VerifyPullAccessResult,
  verifyPullAccess,
} from './verify-pull-access.js';

export type VerifyImageAccessInit = Omit<
  VerifyPullAccessInit,
  'registry' | 'username' | 'password' | 'repository'
>;

/**
 * Proves that a set of credentials (a Secret's) can pull `image`, as the node would: the credentials
 * kubelet's keyring picks for the image (path-scoped keys, globs, the Docker Hub fallback, in kubelet's
 * order) are tried one by one, as a container runtime tries them. Returns the first `ok`, or the last
 * failure. Throws `InvalidInputError` when no credential applies to the image at all.
 */
export async function verifyImageAccess(
  image: string,
  credentials: readonly RegistryCredential[],
  init: VerifyImageAccessInit = {},
): Promise<VerifyPullAccessResult> {
  const { matches, normalizedImage } = lookup([{ source: 'the Secret', credentials }], image);
  // The registry to ask is the image's host, not the key: a key may be a glob (*.azurecr.io) or a
  // path prefix. Only the key's scheme carries over (http:// for a plain-HTTP registry).
  const { host } = parseRegistryKey(normalizedImage);
  if (matches.length === 0) {
    throw new InvalidInputError('VERIFY_IMAGE_UNMATCHED', `No registry in the Secret serves ${image}.`, {
      hint: 'Give the image with the registry host it is pulled from, e.g. ghcr.io/acme/api:1.0.',
    });
  }
  let result: VerifyPullAccessResult | undefined;
  for (const match of matches) {
    // `registry` names the Secret's key whose credential was tried, as kubelet's lookup found it.
    result = {
      ...(await verifyPullAccess({
        ...init,
        registry: parseRegistryKey(match.registry).scheme === 'http' ? `http://${host}` : host,
        username: match.username,
        password: match.password,
        repository: image,
      })),
      registry: match.registry,
    };
    if (result.ok) break;
  }
  return result!;
}
