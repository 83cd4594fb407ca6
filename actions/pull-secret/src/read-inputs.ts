import { InvalidInputError, type PullSecretError, parseImageReference } from '@pull-secret/dockerconfigjson';
import { caCertificates, parseDuration } from '@pull-secret/http';
import { validateSecretName, validateServiceAccountName, validateTargets } from '@pull-secret/secret';
import { BINDERHUB_ONLY_INPUTS } from './binderhub-mode.js';

/** Reads one input the way the runner passes it: `INPUT_<NAME>` upper-cased, hyphens kept, trimmed. */
export type InputReader = (name: string) => string;

export interface ActionInputs {
  mode: 'apply' | 'manifest' | 'kubevirt' | 'binderhub';
  provider: string;
  registries: string[];
  username?: string;
  password?: string;
  email?: string;
  dockerConfig?: string;
  secretName: string;
  namespaces: string[];
  allNamespaces: boolean;
  namespaceSelector?: string;
  excludeNamespaces: string[];
  serviceAccounts: string[];
  merge: boolean;
  force: boolean;
  dryRun: 'none' | 'client' | 'server';
  verifyImage?: string;
  verifyCa?: string;
  kubeconfig?: string;
  context?: string;
  /** kubevirt mode: the manifest files to patch. */
  manifests: string[];
  /** kubevirt mode: the registry's CA (PEM). */
  ca?: string;
  /** Per network request, in ms; 0 means none. */
  requestTimeoutMs: number;
  /** The audience of the GitHub OIDC token, instead of each provider's own. */
  audience?: string;
  /** Delete the Secrets this step created at the end of the job (the post step). */
  cleanup: boolean;
}

/** The Action's own inputs, checked; each error names the input and says what it takes. */
export function readActionInputs(input: InputReader): ActionInputs {
  const mode = oneOf(input, 'mode', ['apply', 'manifest', 'kubevirt', 'binderhub'], 'apply');
  const secretName = input('secret-name');
  // BinderHub's chart makes its Secrets itself: mode: binderhub names none.
  if (!secretName && mode !== 'binderhub') {
    throw new InvalidInputError('INPUT_REQUIRED', 'The input secret-name is required.', {
      hint: 'Add "secret-name: regcred" (or another name) under with: in the workflow step.',
    });
  }
  const dryRun = input('dry-run').toLowerCase();
  const inputs: ActionInputs = {
    mode,
    provider: input('provider') || 'auto',
    registries: list(input('registry')),
    secretName,
    namespaces: list(input('namespaces')),
    allNamespaces: bool(input, 'all-namespaces', false),
    excludeNamespaces: list(input('exclude-namespaces')),
    serviceAccounts: list(input('service-accounts')),
    merge: bool(input, 'merge', true),
    force: bool(input, 'force', false),
    dryRun: dryRun === 'true' ? 'client' : dryRun === 'false' || dryRun === '' ? 'none' : (dryRun as 'none'),
    requestTimeoutMs: duration(input, 'request-timeout', '30s'),
    manifests: list(input('manifests')),
    cleanup: bool(input, 'cleanup', false),
  };
  if (!['none', 'client', 'server'].includes(inputs.dryRun)) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input dry-run must be none, client or server, not "${dryRun}".`,
      {
        hint: 'client reads the cluster and writes nothing; server has the API server check the writes.',
      },
    );
  }
  for (const [key, name] of [
    ['username', 'username'],
    ['password', 'password'],
    ['email', 'email'],
    ['dockerConfig', 'docker-config'],
    ['namespaceSelector', 'namespace-selector'],
    ['verifyImage', 'verify-image'],
    ['verifyCa', 'verify-ca'],
    ['kubeconfig', 'kubeconfig'],
    ['context', 'context'],
    ['ca', 'ca'],
    ['audience', 'audience'],
  ] as const) {
    const value = input(name);
    if (value) inputs[key] = value;
  }
  if (mode === 'kubevirt') checkKubevirtInputs(inputs);
  if (mode !== 'kubevirt' && (inputs.manifests.length > 0 || inputs.ca !== undefined)) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input ${inputs.manifests.length > 0 ? 'manifests' : 'ca'} is for mode: kubevirt.`,
      { hint: 'Add "mode: kubevirt", or remove it.' },
    );
  }
  if (mode !== 'apply') {
    const clusterOnly = (
      [
        ['service-accounts', inputs.serviceAccounts.length > 0],
        ['dry-run', inputs.dryRun !== 'none'],
        ['kubeconfig', inputs.kubeconfig !== undefined],
        ['context', inputs.context !== undefined],
        ['cleanup', inputs.cleanup],
      ] as const
    ).find(([, set]) => set);
    if (clusterOnly) {
      throw new InvalidInputError(
        'INPUT_INVALID',
        `mode: ${mode} touches no cluster, so the input ${clusterOnly[0]} does not apply.`,
        {
          hint: `Remove ${clusterOnly[0]}, or use mode: apply.`,
        },
      );
    }
  }
  if (mode !== 'apply' && (inputs.allNamespaces || inputs.namespaceSelector)) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `mode: ${mode} touches no cluster, so it cannot list namespaces for all-namespaces or namespace-selector.`,
      { hint: 'Name the namespaces with the namespaces input, or use mode: apply.' },
    );
  }
  const verifyPush = mode === 'binderhub' && /^true$/i.test(input('verify-push'));
  if (inputs.verifyCa !== undefined && inputs.verifyImage === undefined && !verifyPush) {
    throw new InvalidInputError('INPUT_INVALID', 'The input verify-ca needs verify-image.', {
      hint: 'Name the image the credential must be able to pull in verify-image.',
    });
  }
  // A CA with no certificate in it would be ignored by TLS, and the check would then say "not trusted".
  if (inputs.verifyCa !== undefined) inputs.verifyCa = caCertificates(inputs.verifyCa, 'verify-ca').join('');
  // kubevirt mode leaves documents that name no namespace without one, as kubectl apply would.
  if (
    mode !== 'kubevirt' &&
    inputs.namespaces.length === 0 &&
    !inputs.allNamespaces &&
    !inputs.namespaceSelector
  ) {
    inputs.namespaces = ['default'];
  }
  // Names and targets are checked here, before any provider is called: a typo must not cost a login
  // (ACR's token mode makes a new password each time it is asked).
  if (mode === 'binderhub') {
    if (secretName) {
      throw new InvalidInputError(
        'INPUT_INVALID',
        'mode: binderhub names no Secret, so the input secret-name does not apply.',
        {
          hint: "Remove secret-name: BinderHub's chart makes the Secrets from the values.",
        },
      );
    }
  } else {
    const binderhubOnly = BINDERHUB_ONLY_INPUTS.find((name) => input(name) !== '');
    if (binderhubOnly) {
      throw new InvalidInputError('INPUT_INVALID', `The input ${binderhubOnly} is for mode: binderhub.`, {
        hint: 'Add "mode: binderhub", or remove it.',
      });
    }
    validateSecretName(secretName);
  }
  for (const account of inputs.serviceAccounts) validateServiceAccountName(account);
  if (inputs.verifyImage !== undefined) parseImageReference(inputs.verifyImage);
  validateTargets({
    namespaces: inputs.namespaces,
    allNamespaces: inputs.allNamespaces,
    ...(inputs.namespaceSelector ? { namespaceSelector: inputs.namespaceSelector } : {}),
    exclude: inputs.excludeNamespaces,
  });
  return inputs;
}

/** mode: kubevirt needs manifests, and puts every document without a namespace in one. */
function checkKubevirtInputs(inputs: ActionInputs): void {
  if (inputs.manifests.length === 0) {
    throw new InvalidInputError('INPUT_REQUIRED', 'mode: kubevirt needs the input manifests.', {
      hint: 'Name the KubeVirt or CDI manifest files in manifests, e.g. "manifests: deploy/vm.yaml".',
    });
  }
  if (
    inputs.namespaces.length > 1 ||
    inputs.excludeNamespaces.length > 0 ||
    inputs.serviceAccounts.length > 0
  ) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      'mode: kubevirt takes one namespace (for documents that name none), and no exclude-namespaces or service-accounts.',
      { hint: 'Give at most one namespace in namespaces; each document may name its own.' },
    );
  }
}

/** Whether the docker-config input holds the config itself (JSON) rather than the path of one. */
export function isInlineDockerConfig(value: string): boolean {
  return value.trimStart().startsWith('{');
}

/** Lines or commas, trimmed, empty entries dropped. */
export function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function bool(input: InputReader, name: string, fallback: boolean): boolean {
  const value = input(name);
  if (value === '') return fallback;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new InvalidInputError('INPUT_INVALID', `The input ${name} must be true or false, not "${value}".`, {
    hint: `Write "${name}: true" or "${name}: false".`,
  });
}

function oneOf<T extends string>(input: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const value = input(name) || fallback;
  if (!allowed.includes(value as T)) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input ${name} must be ${allowed.length > 2 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed.join(' or ')}, not "${value}".`,
      {
        hint: `Write "${name}: ${fallback}" or leave it out.`,
      },
    );
  }
  return value as T;
}

/** A duration input (`30s`, `1m30s`, `500ms`, seconds, `0` for none) in ms. */
function duration(input: InputReader, name: string, fallback: string): number {
  try {
    return parseDuration(input(name) || fallback, name);
  } catch (error) {
    const { message, hint } = (error as PullSecretError).render((option) => `the input ${option}`);
    throw new InvalidInputError('INPUT_INVALID', message.replace(/^the/, 'The'), {
      ...(hint === undefined ? {} : { hint }),
      fields: { option: name },
    });
  }
}
