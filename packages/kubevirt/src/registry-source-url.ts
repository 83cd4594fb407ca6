import { InvalidInputError, parseImageReference } from '@pull-secret/dockerconfigjson';
import { printable } from './printable.js';

export interface RegistrySourceUrl {
  /** `docker` or `oci-archive`; undefined when the URL has no scheme (CDI refuses it). */
  scheme: 'docker' | 'oci-archive' | undefined;
  /** The image the importer pulls, as kubelet's lookup reads it: the URL without its scheme. */
  image: string;
}

/**
 * A CDI registry source URL (`docker://host:5000/team/disk:tag`, `oci-archive://…`): CDI knows these two
 * schemes. A URL without one is read as if it had `docker://` (the caller warns); any other scheme, or
 * something that is no image reference, is bad input.
 */
export function parseRegistrySourceUrl(url: string): RegistrySourceUrl {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(url);
  const scheme = match?.[1]?.toLowerCase();
  if (match && scheme !== 'docker' && scheme !== 'oci-archive') {
    throw new InvalidInputError(
      'REGISTRY_URL_SCHEME',
      `The registry URL "${printable(url)}" has the scheme ${printable(scheme ?? '')}://, which CDI does not import from.`,
      { hint: 'Write docker://HOST/REPO:TAG (or oci-archive://).' },
    );
  }
  const image = match ? match[2]! : url;
  try {
    parseImageReference(image);
  } catch {
    throw new InvalidInputError(
      'REGISTRY_URL_INVALID',
      `The registry URL "${printable(url)}" is not a registry URL: "${printable(image)}" is no image reference.`,
      { hint: 'Write docker://HOST[:PORT]/REPO[:TAG], e.g. docker://quay.io/containerdisks/fedora:41.' },
    );
  }
  return { scheme: scheme as RegistrySourceUrl['scheme'], image };
}
