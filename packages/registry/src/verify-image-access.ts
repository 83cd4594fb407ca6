import { InvalidInputError, lookup, type RegistryCredential } from '@pull-secret/dockerconfigjson';
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
  const { matches } = lookup([{ source: 'the Secret', credentials }], image);
  if (matches.length === 0) {
    throw new InvalidInputError('VERIFY_IMAGE_UNMATCHED', `No registry in the Secret serves ${image}.`, {
      hint: 'Give the image with the registry host it is pulled from, e.g. ghcr.io/acme/api:1.0.',
    });
  }
  let result: VerifyPullAccessResult | undefined;
  for (const match of matches) {
    result = await verifyPullAccess({
      ...init,
      registry: match.registry,
      username: match.username,
      password: match.password,
      repository: image,
    });
    if (result.ok) break;
  }
  return result!;
}
