/** What a Google registry host is: a gcr.io host (now Artifact Registry gcr.io repositories) or an Artifact Registry one. */
export interface GoogleRegistryHost {
  host: string;
  kind: 'gcr.io' | 'artifact-registry';
  /** The multi-region (`us`, `eu`, `asia`) or region (`europe-west1`); absent for `gcr.io` and `marketplace.gcr.io`. */
  location?: string;
}

const GCR_HOSTS = new Map<string, string | undefined>([
  ['gcr.io', undefined],
  ['us.gcr.io', 'us'],
  ['eu.gcr.io', 'eu'],
  ['asia.gcr.io', 'asia'],
  ['marketplace.gcr.io', undefined],
]);

// A location is lowercase letters, digits and inner hyphens: `us`, `europe`, `us-central1`, `northamerica-northeast2`.
const LOCATION = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const ARTIFACT_REGISTRY = new RegExp(`^(${LOCATION})-docker\\.pkg\\.dev$`);
const REGIONAL_ENDPOINT = new RegExp(`^docker\\.(${LOCATION})\\.rep\\.pkg\\.dev$`);

/**
 * The Google registry that `registry` names, or undefined when it is not one. Accepts what a user
 * passes as `--registry`: a scheme, a path (`us-docker.pkg.dev/project/repo`) and the HTTPS port 443
 * are allowed; any other port is not Google's.
 */
export function parseGoogleRegistryHost(registry: string): GoogleRegistryHost | undefined {
  const authority = registry
    .trim()
    .replace(/^https?:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
  const host = authority.replace(/:443$/, '').replace(/\.$/, '');
  if (GCR_HOSTS.has(host)) {
    const location = GCR_HOSTS.get(host);
    return location === undefined ? { host, kind: 'gcr.io' } : { host, kind: 'gcr.io', location };
  }
  const location = ARTIFACT_REGISTRY.exec(host)?.[1] ?? REGIONAL_ENDPOINT.exec(host)?.[1];
  return location === undefined ? undefined : { host, kind: 'artifact-registry', location };
}

/** True when `registry` is served by Google (Artifact Registry, including the gcr.io hosts). */
export function isGoogleRegistry(registry: string): boolean {
  return parseGoogleRegistryHost(registry) !== undefined;
}
