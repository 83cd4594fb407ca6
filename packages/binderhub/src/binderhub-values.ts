import {
  DOCKER_HUB_KEY,
  InvalidInputError,
  isDockerHubKey,
  type RegistryCredential,
  registryHost,
  showUntrusted,
} from '@pull-secret/dockerconfigjson';
import { ecrPushPolicy } from './ecr-push-policy.js';
import { resolveImagePrefix } from './image-prefix.js';
import { GO_QUOTE_BREAKS_JSON, jupyterHubValues, valuesYaml } from './jupyterhub-values.js';
import { KIND_RULES, REGISTRY_KINDS, type RegistryKind, registryKind } from './registry-kinds.js';

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

const REGISTRY_HELPER_URL = 'http://binderhub-container-registry-helper:8080';

/**
 * BinderHub's Helm values for a registry: the secret document (`registry.url/username/password`, which
 * the chart turns into the build pods' `config.json`, and with `jupyterhub` z2jh's pull secret for user
 * pods) and the config document (`use_registry`, `image_prefix`, and the `registry_class` and
 * `config.DockerRegistry` the `binder` pod's image check needs for this kind of registry). Every value
 * is an explicit string: the chart fills a missing username with `<token>`.
 */
/** The one login BinderHub's build pods push with: the CLI and the Action may resolve several. */
export function onePushLogin(credentials: readonly RegistryCredential[]): RegistryCredential {
  if (credentials.length !== 1) {
    throw new InvalidInputError(
      'BINDERHUB_ONE_REGISTRY',
      `BinderHub pushes to one registry; ${credentials.length} were given.`,
      { hint: 'Name one registry ({{registry}}).' },
    );
  }
  return credentials[0]!;
}

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
  if (rule.usernames && !rule.usernames.includes(init.push.username)) {
    throw new InvalidInputError(
      'BINDERHUB_GOOGLE_KEY',
      `${rule.title} needs a service account key to push (username ${rule.usernames.join(' or ')}), not "${showUntrusted(init.push.username)}".`,
      {
        hint: 'Give the key file as the password with username _json_key: an access token expires within the hour, and the chart keeps it as long as BinderHub runs.',
      },
    );
  }
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
  const imagePrefix = resolveImagePrefix(init, kind, host);
  const notes = rule.note ? [rule.note] : [];

  const registry = {
    url: rule.url(host),
    // Always written: the chart fills a missing one with _json_key for exactly https://gcr.io, "<token>" elsewhere.
    username: kind === 'ecr' ? 'AWS' : init.push.username,
    // ECR: the helper hands each build a fresh token; a 12-hour one here would only go stale.
    password: kind === 'ecr' ? '' : init.push.password,
  };
  const secretValues: Record<string, unknown> = { registry };
  if (pull !== undefined) {
    // Docker Hub's login goes under the one key every client and kubelet agree on, however it was named.
    const userPods = kind === 'dockerhub' ? { ...pull, registry: DOCKER_HUB_KEY } : pull;
    const jupyterhub = jupyterHubValues(userPods, { forBinderHub: true }).values.jupyterhub;
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
