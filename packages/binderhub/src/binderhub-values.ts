import {
  InvalidInputError,
  isDockerHubKey,
  type RegistryCredential,
  registryHost,
  showUntrusted,
} from '@pull-secret/dockerconfigjson';
import { ecrPushPolicy } from './ecr-push-policy.js';
import { GO_QUOTE_BREAKS_JSON, jupyterHubValues, valuesYaml } from './jupyterhub-values.js';
import {
  KIND_RULES,
  type KindRule,
  REGISTRY_KINDS,
  type RegistryKind,
  registryKind,
} from './registry-kinds.js';

export interface BinderHubValuesInit {
  /** The build pods' login: it must be able to push under the image prefix. */
  push: RegistryCredential;
  /** Default: told from the push registry's host (Harbor has no host of its own: say so). */
  kind?: RegistryKind | undefined;
  /** The whole image prefix (`gcr.io/my-project/binder-`), or its parts below. */
  imagePrefix?: string | undefined;
  project?: string | undefined;
  repository?: string | undefined;
  /** The last part, default `binder-`. */
  prefix?: string | undefined;
  /** Also give user pods a pull secret through z2jh's `jupyterhub.imagePullSecret`. */
  jupyterhub?: boolean | undefined;
  /** The user pods' login, when not the push one (a read-only robot). Implies `jupyterhub`. */
  pull?: RegistryCredential | undefined;
  /** Artifact Registry on GKE: check images with the node's service account from the metadata server. */
  gkeMetadata?: boolean | undefined;
  /** With `gkeMetadata`: the service account's name on the metadata server (default `default`). */
  gkeServiceAccount?: string | undefined;
  /** ECR: where binderhub-container-registry-helper answers. */
  registryHelperUrl?: string | undefined;
}

export interface ValuesDocument {
  values: Record<string, unknown>;
  yaml: string;
}

export interface BinderHubValues {
  kind: RegistryKind;
  imagePrefix: string;
  /** `registry:` (and `jupyterhub.imagePullSecret`): holds passwords, to be written 0600. */
  secret: ValuesDocument;
  /** `config.BinderHub.*` and `config.DockerRegistry.*`: no secret. */
  config: ValuesDocument;
  /** Why the values look as they do, where it is not obvious. */
  notes: string[];
  /** ECR: the IAM policy for the registry helper's role, as JSON text. */
  iamPolicy?: string;
}

const DEFAULT_PREFIX = 'binder-';
const REGISTRY_HELPER_URL = 'http://binderhub-container-registry-helper:8080';
// BinderHub takes a name of this shape for a Docker Hub one and every other for `<registry>/<rest>`.
const DOCKER_HUB_NAME = /^[a-z0-9]{4,40}\/[a-z0-9._-]{2,255}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

const prefixError = (code: string, message: string, hint: string) =>
  new InvalidInputError(code, message, { hint, fields: { option: 'image-prefix' } });

/**
 * BinderHub's Helm values for a registry: the secret document (`registry.url/username/password`, which
 * the chart turns into the build pods' `config.json`, and with `jupyterhub` z2jh's pull secret for user
 * pods) and the config document (`use_registry`, `image_prefix`, and the `registry_class` and
 * `config.DockerRegistry` the `binder` pod's image check needs for this kind of registry). Every value
 * is an explicit string: the chart fills a missing username with `<token>`.
 */
export function binderHubValues(init: BinderHubValuesInit): BinderHubValues {
  const host = registryHost(init.push.registry);
  const kind = init.kind ?? (isDockerHubKey(init.push.registry) ? 'dockerhub' : registryKind(host));
  if (!REGISTRY_KINDS.includes(kind)) {
    throw new InvalidInputError('BINDERHUB_KIND_UNKNOWN', `Unknown registry kind "${showUntrusted(kind)}".`, {
      hint: `Registry kinds: ${REGISTRY_KINDS.join(', ')}.`,
      fields: { option: 'registry-kind' },
    });
  }
  const rule = KIND_RULES[kind];
  checkLogin(init.push, kind, 'push');
  const pull = init.pull ?? (init.jupyterhub ? init.push : undefined);
  if (pull !== undefined) {
    if (kind === 'ecr' && init.pull === undefined) {
      throw new InvalidInputError(
        'BINDERHUB_ECR_PULL_TOKEN',
        "ECR's 12-hour login cannot be the user pods' pull secret: the chart would keep it after it expires.",
        {
          hint: 'Leave out {{jupyterhub}}: EKS nodes pull from ECR with their own role; or keep a pull Secret fresh with pull-secret refresh and name it in jupyterhub.imagePullSecrets.',
        },
      );
    }
    checkLogin(pull, kind, 'pull');
    const pullHost = registryHost(pull.registry);
    if (pullHost !== host && !(kind === 'dockerhub' && isDockerHubKey(pull.registry))) {
      throw new InvalidInputError(
        'BINDERHUB_PULL_OTHER_REGISTRY',
        `The pull login is for ${showUntrusted(pullHost)}, but user pods pull the built images from ${showUntrusted(host)}.`,
        { hint: 'Give the pull login for the same {{registry}} as the build login.' },
      );
    }
  }
  const imagePrefix = resolvePrefix(init, rule, kind, host);
  const notes = rule.note ? [rule.note] : [];

  const registry = {
    url: rule.url(host),
    username: rule.username ?? (kind === 'ecr' ? 'AWS' : init.push.username),
    // ECR: the helper hands each build a fresh token; a 12-hour one here would only go stale.
    password: kind === 'ecr' ? '' : init.push.password,
  };
  const secretValues: Record<string, unknown> = { registry };
  if (pull !== undefined) {
    const jupyterhub = jupyterHubValues(pull, { forBinderHub: true }).values.jupyterhub;
    secretValues.jupyterhub = jupyterhub;
  }

  const binderHub: Record<string, unknown> = { use_registry: true, image_prefix: imagePrefix };
  const config: Record<string, unknown> = { BinderHub: binderHub };
  let dockerRegistry = rule.dockerRegistry?.(host);
  if (kind === 'artifact-registry' && init.gkeMetadata) {
    binderHub.registry_class = 'binderhub.registry.GoogleArtifactRegistry';
    const account = init.gkeServiceAccount ?? 'default';
    dockerRegistry = {
      url: `https://${host}`,
      token_url: `http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/${account}/token`,
    };
    notes.push(
      "The binder pod checks images with the node's service account (GoogleArtifactRegistry asks GKE's metadata server for its token): give that account Artifact Registry Reader on the repository; builds still push with the key.",
    );
  }
  let iamPolicy: string | undefined;
  if (kind === 'ecr') {
    binderHub.registry_class = 'binderhub.registry.ExternalRegistryHelper';
    config.ExternalRegistryHelper = { service_url: init.registryHelperUrl ?? REGISTRY_HELPER_URL };
    const repositoryPrefix = imagePrefix.slice(host.length + 1);
    iamPolicy = `${JSON.stringify(ecrPushPolicy(host, repositoryPrefix), null, 2)}\n`;
  }
  // Top level, where BinderHub reads it: nested under BinderHub it is silently ignored.
  if (dockerRegistry) config.DockerRegistry = dockerRegistry;
  const configValues = { config };
  return {
    kind,
    imagePrefix,
    secret: { values: secretValues, yaml: valuesYaml(secretValues) },
    config: { values: configValues, yaml: valuesYaml(configValues) },
    notes,
    ...(iamPolicy === undefined ? {} : { iamPolicy }),
  };
}

function checkLogin(credential: RegistryCredential, kind: RegistryKind, role: 'push' | 'pull'): void {
  if (credential.expiresAt !== undefined && kind !== 'ecr') {
    throw new InvalidInputError(
      'BINDERHUB_LOGIN_EXPIRES',
      `The ${role} login expires at ${credential.expiresAt.toISOString()}, but the chart keeps it as long as BinderHub runs.`,
      {
        hint:
          kind === 'gcr' || kind === 'artifact-registry'
            ? 'Use a service account key (_json_key) instead of an access token.'
            : 'Use a login that does not expire (a robot account or an access token without expiry).',
      },
    );
  }
  for (const field of ['username', 'password'] as const) {
    if (GO_QUOTE_BREAKS_JSON.test(credential[field])) {
      throw new InvalidInputError(
        'BINDERHUB_CONTROL_CHARACTER',
        `The ${role} ${field} holds a control character that the chart would write into config.json as invalid JSON.`,
        { hint: `Check the ${role} ${field} for a stray character (a file saved with one).` },
      );
    }
  }
  if (credential.username.includes(':')) {
    throw new InvalidInputError(
      'USERNAME_HAS_COLON',
      `The ${role} username contains ":", which the chart would split into a wrong login.`,
      { hint: 'Docker splits "username:password" at the first colon: use a username without ":".' },
    );
  }
}

function resolvePrefix(init: BinderHubValuesInit, rule: KindRule, kind: RegistryKind, host: string): string {
  const parts = init.project !== undefined || init.repository !== undefined || init.prefix !== undefined;
  if (init.imagePrefix !== undefined && parts) {
    throw prefixError(
      'BINDERHUB_PREFIX_TWICE',
      'The image prefix is given both whole and in parts.',
      'Give {{image-prefix}}, or {{project}} (and {{repository}}) with {{prefix}}, not both.',
    );
  }
  if (init.imagePrefix === undefined && !parts) {
    throw prefixError(
      'BINDERHUB_NO_PREFIX',
      'There is no image prefix for the images BinderHub builds.',
      `Give {{image-prefix}} shaped ${rule.shape}, or its parts with {{project}} and {{prefix}}.`,
    );
  }
  const imagePrefix =
    init.imagePrefix ??
    rule.compose({
      host,
      project: init.project,
      repository: init.repository,
      prefix: init.prefix ?? DEFAULT_PREFIX,
    });
  const shown = showUntrusted(imagePrefix);
  let path = imagePrefix;
  if (kind !== 'dockerhub') {
    const slash = imagePrefix.indexOf('/');
    const prefixHost = slash === -1 ? imagePrefix : imagePrefix.slice(0, slash);
    if (prefixHost.toLowerCase() !== host) {
      throw prefixError(
        'BINDERHUB_PREFIX_OTHER_REGISTRY',
        `The image prefix "${shown}" does not start with the registry ${showUntrusted(host)} the build login is for.`,
        `Start {{image-prefix}} with ${showUntrusted(host)}/, shaped ${rule.shape}.`,
      );
    }
    path = slash === -1 ? '' : imagePrefix.slice(slash + 1);
  } else if (/^[^/]*[.:]/.test(imagePrefix) || imagePrefix.startsWith('docker.io/')) {
    throw prefixError(
      'BINDERHUB_PREFIX_DOCKER_HUB_HOST',
      `The Docker Hub image prefix "${shown}" names a registry host; BinderHub's check finds Docker Hub images only without one.`,
      'Shape {{image-prefix}} as <namespace>/<prefix>-, with no host.',
    );
  }
  const segments = path.split('/');
  const depth = path === '' ? 0 : segments.length;
  if (depth < rule.depth.min || (rule.depth.max !== undefined && depth > rule.depth.max)) {
    throw prefixError(
      'BINDERHUB_PREFIX_DEPTH',
      `The image prefix "${shown}" has ${depth} level${depth === 1 ? '' : 's'} after the host, but ${rule.title} needs ${rule.depth.max === rule.depth.min ? '' : 'at least '}${rule.depth.min}.`,
      `Shape {{image-prefix}} as ${rule.shape}; a prefix one level short makes BinderHub look for images the registry never holds, so every launch rebuilds.`,
    );
  }
  // Every level but the last is a whole repository path component; the last has the slug appended.
  const last = segments.length - 1;
  segments.forEach((segment, index) => {
    const checked = index === last ? `${segment}x` : segment;
    if (!PATH_COMPONENT.test(checked)) {
      throw prefixError(
        'BINDERHUB_PREFIX_INVALID',
        `The image prefix "${shown}" is no repository path: "${showUntrusted(segment)}" is not a lowercase name.`,
        'Use lowercase letters, digits and single ".", "_" or "-" between them in {{image-prefix}}.',
      );
    }
  });
  if (kind === 'dockerhub' && !DOCKER_HUB_NAME.test(`${path}xx`)) {
    throw prefixError(
      'BINDERHUB_DOCKER_HUB_NAMESPACE',
      `The Docker Hub namespace "${showUntrusted(segments[0] ?? '')}" is not 4 to 40 lowercase letters and digits, so BinderHub never finds the images it pushed there.`,
      'Use a Docker ID or organization of 4 to 40 letters and digits in {{image-prefix}}.',
    );
  }
  return imagePrefix;
}
