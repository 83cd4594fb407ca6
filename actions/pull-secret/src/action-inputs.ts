import { REGISTRY_KINDS } from '@pull-secret/binderhub';
import { type ProviderPlugin, uniqueProviderOptions } from '@pull-secret/dockerconfigjson';

/** One input or output of action.yml. */
export interface ActionField {
  name: string;
  description: string;
  required?: boolean;
  default?: string;
}

/** The Action's own inputs; each provider's options are added after them (see `actionInputs`). */
export const BASE_INPUTS: readonly ActionField[] = [
  {
    name: 'mode',
    description:
      'apply: write the Secret to the cluster. manifest: write the Secrets as YAML to a file (output manifest-path) and touch no cluster. kubevirt: point the disks in the manifests input at pull Secrets, and write the patched manifests and the Secrets they name to a file (output manifest-path). binderhub: write BinderHub’s Helm values for the registry login (outputs secret-values-path and config-values-path).',
    default: 'apply',
  },
  {
    name: 'provider',
    description:
      'Where the login comes from. auto: a static login when username/password are given, otherwise the provider that serves each registry host. static, or a provider name.',
    default: 'auto',
  },
  {
    name: 'registry',
    description:
      'Registry host (host[:port][/path]); several on separate lines. Default for a static login: Docker Hub.',
  },
  { name: 'username', description: 'Registry username, for a static login.' },
  { name: 'password', description: 'Registry password or token, for a static login. Masked.' },
  { name: 'email', description: 'Email, kept for old clients.' },
  {
    name: 'docker-config',
    description:
      'A Docker config.json (a path, or its content) to take every registry login from instead. Masked.',
  },
  {
    name: 'secret-name',
    description:
      'Name of the Secret. Required in every mode but binderhub, which names none (the runner does not enforce it).',
    required: true,
  },
  {
    name: 'namespaces',
    // No `default:`: the runner passes a default as if given, and it would clash with all-namespaces.
    description:
      'Target namespaces, on lines or separated by commas. When empty: default, unless all-namespaces or namespace-selector is set.',
  },
  { name: 'all-namespaces', description: 'Apply to every namespace (apply mode).', default: 'false' },
  {
    name: 'namespace-selector',
    description: 'Apply to the namespaces matching this label selector (apply mode).',
  },
  {
    name: 'exclude-namespaces',
    description: 'Namespaces to leave out, globs allowed, on lines or separated by commas.',
  },
  {
    name: 'service-accounts',
    description:
      'ServiceAccounts that get the Secret in their imagePullSecrets, on lines or separated by commas.',
  },
  {
    name: 'merge',
    description: "Keep other registries' entries in an existing Secret. false: replace them.",
    default: 'true',
  },
  { name: 'force', description: 'Take over a Secret that pull-secret did not create.', default: 'false' },
  {
    name: 'dry-run',
    description:
      'none, client (read the cluster, write nothing) or server (the API server checks the writes, dryRun=All).',
    default: 'none',
  },
  {
    name: 'verify-image',
    description:
      'An image (REPO[:TAG|@DIGEST]) the credential must be able to pull; nothing is written when it cannot.',
  },
  {
    name: 'verify-ca',
    description:
      'With verify-image: a CA certificate (PEM content) to trust for the registry, for a private CA.',
  },
  {
    name: 'manifests',
    description:
      'kubevirt mode: KubeVirt or CDI manifest files (VirtualMachine, DataVolume, DataImportCron, …), on lines or separated by commas.',
  },
  {
    name: 'ca',
    description:
      'kubevirt mode: the registry’s CA certificate (PEM content), put in a ConfigMap that CDI registry sources name in certConfigMap.',
  },
  {
    name: 'registry-kind',
    description: `binderhub mode: how BinderHub talks to the registry (${REGISTRY_KINDS.join(', ')}). When empty: told from the registry host; Harbor must be named.`,
  },
  {
    name: 'image-prefix',
    description: 'binderhub mode: config.BinderHub.image_prefix whole, e.g. gcr.io/my-project/binder-.',
  },
  {
    name: 'project',
    description:
      "binderhub mode: the image prefix's project, namespace, owner or group level, instead of image-prefix.",
  },
  {
    name: 'repository',
    description: 'binderhub mode, Artifact Registry: the repository level of the image prefix.',
  },
  { name: 'prefix', description: 'binderhub mode: the last level of the image prefix (default binder-).' },
  {
    name: 'jupyterhub',
    description:
      "binderhub mode: true also gives user pods a pull secret (z2jh's jupyterhub.imagePullSecret).",
  },
  {
    name: 'pull-username',
    description: 'binderhub mode, with jupyterhub: a separate (read-only) login for user pods.',
  },
  { name: 'pull-password', description: "binderhub mode: the pull login's password. Masked." },
  {
    name: 'verify-push',
    description:
      'binderhub mode: true proves the login can push under the image prefix (and verify-image that the user pods can pull) before anything is written.',
  },
  {
    name: 'kubeconfig',
    description:
      'A kubeconfig (its content). Default: the KUBECONFIG that azure/k8s-set-context and similar actions export.',
  },
  { name: 'context', description: 'A kubeconfig context other than the current one.' },
  {
    name: 'audience',
    description:
      "The audience of the job's GitHub OIDC token (id-token: write) that a provider exchanges. When empty: each provider's own (AWS: sts.amazonaws.com; Azure: api://AzureADTokenExchange; Google: //iam.googleapis.com/ and the workload identity provider).",
  },
  {
    name: 'cleanup',
    description:
      'true: at the end of the job (a post step, also when the job fails), delete the Secrets this step created; Secrets it updated are left as they are. Apply mode.',
    default: 'false',
  },
  {
    name: 'request-timeout',
    description:
      'Time limit for each network request: the API server, cloud providers, registries, GitHub OIDC. 30s, 1m30s, 500ms, a number of seconds; 0 for none.',
    default: '30s',
  },
];

export const OUTPUTS: readonly ActionField[] = [
  { name: 'secret-name', description: 'The name of the Secret.' },
  { name: 'registries', description: 'The registries in the Secret, separated by commas.' },
  {
    name: 'expires-at',
    description: 'The earliest expiry of the credentials (RFC 3339), empty when none expires.',
  },
  {
    name: 'namespaces',
    description: 'JSON: the result per namespace (namespace, outcome, reason, registries, serviceAccounts).',
  },
  {
    name: 'secret-values-path',
    description: 'binderhub mode: the secret values file (mode 0600, under RUNNER_TEMP), for helm -f.',
  },
  { name: 'config-values-path', description: 'binderhub mode: the config values file, for helm -f.' },
  { name: 'image-prefix', description: 'binderhub mode: the image prefix written.' },
  {
    name: 'iam-policy-path',
    description: "binderhub mode on ECR: the registry helper role's IAM policy (JSON).",
  },
  {
    name: 'manifest-path',
    description:
      'manifest mode: the file (mode 0600, under RUNNER_TEMP) holding a Secret per namespace. kubevirt mode: the patched manifests, then the Secrets and ConfigMap they name.',
  },
];

/** Every input of action.yml: the Action's own, then each provider's options, made from its descriptor. */
export function actionInputs(plugins: readonly ProviderPlugin[]): ActionField[] {
  const provided = uniqueProviderOptions(plugins).map(({ option, plugins: owners }): ActionField => {
    const notes = [
      option.choices ? `One of ${option.choices.join(', ')}.` : '',
      option.env?.length ? `When empty: ${option.env.join(' or ')} from the environment.` : '',
      option.default === undefined ? '' : `Default: ${option.default}.`,
      option.secret ? 'Masked.' : '',
    ].filter(Boolean);
    // No `default:` in action.yml: the runner would pass it as if given, hiding the env fallbacks.
    return {
      name: option.name,
      description: [`[${owners.join(', ')}] ${option.description}`, ...notes].join(' '),
    };
  });
  return [...BASE_INPUTS, ...provided];
}
