import { DOCKER_HUB_KEY } from '@pull-secret/dockerconfigjson';

/** The registries BinderHub is set up for differently; `registry` is any other (htpasswd or token auth). */
export const REGISTRY_KINDS = [
  'gcr',
  'artifact-registry',
  'dockerhub',
  'acr',
  'harbor',
  'ovh',
  'quay',
  'gitlab',
  'ghcr',
  'ecr',
  'registry',
] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

/** Where the parts of an image prefix go for one registry kind. */
export interface PrefixParts {
  host: string;
  project?: string | undefined;
  repository?: string | undefined;
  prefix: string;
}

/**
 * What BinderHub needs for one registry kind. `depth` counts the image prefix's path segments after
 * the host, the last (`binder-`) included: BinderHub checks `<prefix><slug>` in the registry, so a
 * prefix one level short names a repository the registry never holds and every launch rebuilds.
 */
export interface KindRule {
  title: string;
  matches(host: string): boolean;
  /** `registry.url`, the key the chart writes into the build pods' config.json. */
  url(host: string): string;
  /** The path segments an image prefix needs, at least and at most. */
  depth: { min: number; max?: number };
  /** The image prefix's shape, for messages. */
  shape: string;
  /** The image prefix from its parts. */
  compose(parts: PrefixParts): string;
  /** Top-level `config.DockerRegistry` for the `binder` pod's image check, where its defaults fail. */
  dockerRegistry?(host: string): Record<string, string>;
  /** The usernames a push login must have here (Google: a service account key; a token expires). */
  usernames?: readonly string[];
  /** Why the values look as they do, shown beside them. */
  note?: string;
}

const GOOGLE_KEY_USERNAMES = ['_json_key', '_json_key_base64'] as const;

const withProject = ({ host, project, prefix }: PrefixParts) =>
  [host, project, prefix].filter((part) => part !== undefined && part !== '').join('/');

const harborToken = (host: string) => ({
  url: `https://${host}`,
  // Harbor's token service; BinderHub appends service=container_registry, which Harbor ignores after this one.
  token_url: `https://${host}/service/token?service=harbor-registry`,
});

export const KIND_RULES: Readonly<Record<RegistryKind, KindRule>> = {
  gcr: {
    title: 'Google Container Registry',
    matches: (host) => host === 'gcr.io' || host.endsWith('.gcr.io'),
    url: (host) => `https://${host}`,
    depth: { min: 2 },
    shape: '<host>/<project-id>/<prefix>-',
    compose: withProject,
    usernames: GOOGLE_KEY_USERNAMES,
  },
  'artifact-registry': {
    title: 'Google Artifact Registry',
    matches: (host) => /^[a-z0-9-]+-docker\.pkg\.dev$/.test(host),
    url: (host) => `https://${host}`,
    depth: { min: 3 },
    shape: '<location>-docker.pkg.dev/<project-id>/<repository>/<prefix>-',
    compose: ({ host, project, repository, prefix }) =>
      [host, project, repository, prefix].filter((part) => part !== undefined && part !== '').join('/'),
    usernames: GOOGLE_KEY_USERNAMES,
    // BinderHub's own default for *.gcr.io, on Artifact Registry's host: its /v2/ challenge names no
    // service, which BinderHub's WWW-Authenticate parser requires.
    dockerRegistry: (host) => ({
      url: `https://${host}`,
      token_url: `https://${host}/v2/token?service=${host}`,
    }),
  },
  dockerhub: {
    title: 'Docker Hub',
    matches: (host) => ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host),
    // BinderHub finds Docker Hub's login in config.json only under this exact key, trailing slash included.
    url: () => DOCKER_HUB_KEY,
    depth: { min: 2, max: 2 },
    shape: '<namespace>/<prefix>-',
    compose: ({ project, prefix }) => [project, prefix].filter(Boolean).join('/'),
  },
  acr: {
    title: 'Azure Container Registry',
    matches: (host) => /\.azurecr\.(io|cn|us)$/.test(host),
    url: (host) => `https://${host}`,
    depth: { min: 2 },
    shape: '<name>.azurecr.io/<project>/<prefix>-',
    compose: withProject,
    note: "No token_url for ACR: BinderHub appends service=container_registry to a token_url and ACR refuses the token request (binderhub#1620); left out, BinderHub reads the realm and service from ACR's WWW-Authenticate answer and asks for the token ACR expects.",
  },
  harbor: {
    title: 'Harbor',
    matches: () => false,
    url: (host) => `https://${host}`,
    depth: { min: 2 },
    shape: '<host>/<project>/<prefix>-',
    compose: withProject,
    dockerRegistry: harborToken,
  },
  ovh: {
    title: 'OVHcloud Managed Private Registry (Harbor)',
    matches: (host) => host.endsWith('.container-registry.ovh.net'),
    url: (host) => `https://${host}`,
    depth: { min: 2 },
    shape: '<host>/<project>/<prefix>-',
    compose: withProject,
    dockerRegistry: harborToken,
  },
  quay: {
    title: 'Quay',
    matches: (host) => host === 'quay.io',
    url: (host) => `https://${host}`,
    depth: { min: 2, max: 2 },
    shape: 'quay.io/<namespace>/<prefix>-',
    compose: withProject,
    // Quay's challenge has no scope, which BinderHub's WWW-Authenticate parser requires: name its token endpoint.
    dockerRegistry: (host) => ({
      url: `https://${host}`,
      token_url: `https://${host}/v2/auth?service=${host}`,
    }),
  },
  gitlab: {
    title: 'GitLab container registry',
    matches: (host) => host === 'registry.gitlab.com',
    url: (host) => `https://${host}`,
    depth: { min: 3 },
    shape: 'registry.gitlab.com/<group>/<project>/<prefix>-',
    compose: withProject,
  },
  ghcr: {
    title: 'GitHub Container Registry',
    matches: (host) => host === 'ghcr.io',
    url: (host) => `https://${host}`,
    depth: { min: 2 },
    shape: 'ghcr.io/<owner>/<prefix>-',
    compose: withProject,
  },
  ecr: {
    title: 'Amazon ECR',
    matches: (host) => /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(host),
    url: (host) => `https://${host}`,
    depth: { min: 1 },
    shape: '<account>.dkr.ecr.<region>.amazonaws.com/[<project>/]<prefix>-',
    compose: withProject,
    note: 'ECR logins last 12 hours, so BinderHub asks binderhub-container-registry-helper (a separate chart, which needs the IAM policy printed with these values) for a fresh push token per build and to create each repository before the push. Set its auth token as config.ExternalRegistryHelper.auth_token.',
  },
  registry: {
    title: 'A registry with htpasswd or token auth',
    matches: () => true,
    url: (host) => `https://${host}`,
    depth: { min: 1 },
    shape: '<host>/[<project>/]<prefix>-',
    compose: withProject,
  },
};

/** The kind of a registry host: the first rule that claims it, else a plain `registry`. */
export function registryKind(host: string): RegistryKind {
  return REGISTRY_KINDS.find((kind) => KIND_RULES[kind].matches(host.toLowerCase())) ?? 'registry';
}

/** Harbor serves any host: only the provider that made the login (`harbor`) says a registry is one. */
export function registryKindOfProvider(provider: string | undefined): RegistryKind | undefined {
  return provider === 'harbor' ? 'harbor' : undefined;
}
