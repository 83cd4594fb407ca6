import { InvalidInputError } from './errors.js';

// The grammar of distribution's reference package, which kubelet uses to parse image names.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const PATH_MAX_LENGTH = 255;
// go-digest's registered algorithms and the length of their (lower-case) hex; any other is unsupported.
const DIGEST_HEX_LENGTHS = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

export interface ImageReference {
  /** What the user wrote. */
  image: string;
  /** The repository kubelet looks credentials up with: `nginx` → `docker.io/library/nginx`. */
  repository: string;
  domain: string;
  /** The path inside the registry: `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses an image name as kubelet does before it looks up credentials (distribution's
 * `ParseNormalizedNamed`): no registry means Docker Hub (`docker.io`), one-part Docker Hub names get
 * `library/`, `index.docker.io` becomes `docker.io`, and the first part is a registry only when it has
 * a `.` or `:`, is `localhost`, or has upper-case letters.
 */
export function parseImageReference(image: string): ImageReference {
  const bad = (
    what: string,
    hint = 'Use a name such as nginx, ghcr.io/org/app:1.0 or host:5000/team/app@sha256:…',
  ) => new InvalidInputError('IMAGE_INVALID', `The image "${image}" ${what}.`, { hint });
  if (/^[a-f0-9]{64}$/.test(image)) throw bad('is a 64-character hex ID, not a repository name');
  const slash = image.indexOf('/');
  let domain = 'docker.io';
  let remainder = image;
  if (slash !== -1) {
    const first = image.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      remainder = image.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) throw bad('has upper-case letters in its repository name');
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  if (!match) throw bad('is not a valid image reference');
  const repository = match[1]!;
  const path = repository.slice(domain.length + 1);
  // distribution/reference v0.6 (kubelet's) counts the path only, not the registry host.
  if (path.length > PATH_MAX_LENGTH) {
    throw bad(`has a repository path longer than ${PATH_MAX_LENGTH} characters`);
  }
  const reference: ImageReference = { image, repository, domain, path };
  if (match[2] !== undefined) reference.tag = match[2];
  if (match[3] !== undefined) {
    const [algorithm, hex] = match[3].split(':') as [string, string];
    const length = DIGEST_HEX_LENGTHS.get(algorithm);
    if (length === undefined) throw bad(`has a digest with an unsupported algorithm "${algorithm}"`);
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
      throw bad(`has a malformed ${algorithm} digest: it must be ${length} lower-case hex characters`);
    }
    reference.digest = match[3];
  }
  return reference;
}
