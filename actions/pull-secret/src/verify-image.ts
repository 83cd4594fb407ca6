import { InvalidInputError, lookup, type RegistryCredential } from '@pull-secret/dockerconfigjson';
import type { VerifyPullAccessResult } from '@pull-secret/registry';

/**
 * The `verify-image` input: pulls nothing, but proves one of the credentials kubelet would try for
 * `image` (core's kubelet-exact lookup, in kubelet's order) can pull it, as a container runtime tries
 * them. Returns the first success, or the last failure. The registry client is a chunk loaded only here.
 */
export async function verifyImage(
  image: string,
  credentials: readonly RegistryCredential[],
  env: Readonly<Record<string, string | undefined>>,
  ca?: string,
): Promise<VerifyPullAccessResult> {
  const { matches } = lookup([{ source: 'the new Secret', credentials }], image);
  if (matches.length === 0) {
    throw new InvalidInputError(
      'VERIFY_IMAGE_UNMATCHED',
      `No registry in the Secret serves verify-image ${image}.`,
      {
        hint: 'Give the image with the registry host it is pulled from, e.g. ghcr.io/acme/api:1.0.',
      },
    );
  }
  const { verifyPullAccess } = await import('@pull-secret/registry');
  let result: VerifyPullAccessResult | undefined;
  for (const match of matches) {
    result = await verifyPullAccess({
      registry: match.registry,
      username: match.username,
      password: match.password,
      repository: image,
      ...(ca === undefined ? {} : { ca }),
      env,
    });
    if (result.ok) break;
  }
  return result!;
}
