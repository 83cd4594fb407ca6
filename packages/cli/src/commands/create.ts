import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import {
  cdiRegistrySecret,
  formatManifests,
  pullSecretManifest,
  validateNamespace,
  validateSecretName,
} from '@pull-secret/secret';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS, secretNameArgument } from '../credential-flags.js';
import { dryRunFlag } from '../dry-run-flag.js';
import type { ParsedFlags } from '../flags.js';
import { FOR_FLAG, forCdi, singleCdiCredential } from '../for-cdi.js';
import { REQUEST_TIMEOUT_FLAG } from '../kube-flags.js';
import { referencedManifest } from '../kubevirt-objects.js';
import { outputFormat } from '../output-flag.js';
import { PROVIDER_FLAGS, readProvidedCredentials } from '../provider-flags.js';
import { UsageError } from '../usage-error.js';
import { checkVerifyFlags, readVerifyCa, VERIFY_FLAGS, verifyBeforeWriting } from '../verify-access.js';

export interface CreateOptions {
  name: string;
  namespace?: string;
  output: 'yaml' | 'json';
  credentials: RegistryCredential[];
  /** For the `pull-secret.dev/provider` annotation. */
  provider: string;
  /** How each registry's login was made, for the `pull-secret.dev/credentials` annotation. */
  recipes: Record<string, CredentialRecipe>;
  /** `--for cdi`: the Opaque Secret KubeVirt CDI reads (one registry), not a pull Secret. */
  forCdi?: boolean;
}

/** Gathers the options from flags, standard input, files and the environment, then validates them. */
export async function completeCreate(
  { values, positionals }: ParsedFlags,
  io: CliIo,
): Promise<CreateOptions> {
  const name = secretNameArgument(positionals, 'create');
  const output = outputFormat(values.output, ['yaml', 'json'], 'yaml');
  const namespace = values.namespace as string | undefined;
  const dryRun = values['dry-run'] as string | undefined;
  if (dryRun !== undefined && dryRun !== 'client' && dryRun !== 'none') {
    throw new UsageError(
      `create only prints the Secret, so --dry-run=${dryRun} does not apply.`,
      'To have the API server check it, use pull-secret apply NAME --dry-run=server.',
    );
  }
  // Names first: a typo in NAME should not cost the user a password typed on standard input.
  validateSecretName(name);
  if (namespace !== undefined) validateNamespace(namespace);
  checkVerifyFlags(values);
  await readVerifyCa(values, io);
  const cdi = forCdi(values);
  const { credentials, provider, recipes } = await readProvidedCredentials(values, io, PROVIDER_PLUGINS);
  if (cdi) singleCdiCredential(credentials);
  return {
    name,
    output,
    credentials,
    provider,
    recipes,
    ...(namespace === undefined ? {} : { namespace }),
    ...(cdi ? { forCdi: true } : {}),
  };
}

export async function runCreate(options: CreateOptions, io: CliIo): Promise<number> {
  if (options.forCdi) {
    const shape = cdiRegistrySecret(singleCdiCredential(options.credentials), { name: options.name });
    io.stdout(formatManifests([referencedManifest({ namespace: options.namespace, shape })], options.output));
    return 0;
  }
  const manifest = pullSecretManifest({
    name: options.name,
    credentials: options.credentials,
    provider: options.provider,
    recipes: options.recipes,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  io.stdout(formatManifests([manifest], options.output));
  return 0;
}

export const createCommand: Command = {
  name: 'create',
  summary: 'Print a kubernetes.io/dockerconfigjson Secret for a registry, byte-compatible with kubectl.',
  usage:
    'pull-secret create NAME [--server HOST] --username USER (--password-stdin | --password-file FILE | --password PASS) [--email EMAIL] [-n NAMESPACE] [-o yaml|json] [--verify IMAGE] [--for cdi]\n  pull-secret create NAME --from-docker-config PATH',
  examples: `  # A GitHub Container Registry secret, the token read from standard input
  printf %s "$GITHUB_TOKEN" | pull-secret create ghcr-pull --server ghcr.io --username me --password-stdin

  # Apply it straight away
  pull-secret create regcred --server registry.example.com:5000 --username ci --password-file token.txt | kubectl apply -f -

  # An Amazon ECR token (12 hours), detected from the host; AWS credentials from the environment
  pull-secret create ecr-pull --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com

  # From a Docker CLI config written by docker login
  pull-secret create regcred --from-docker-config ~/.docker/config.json -n apps

  # The Secret a KubeVirt CDI DataVolume's source.registry.secretRef names (accessKeyId, secretKey)
  pull-secret create regcred-cdi --for cdi --server registry.example.com:5000 --username ci --password-file token.txt`,
  flags: {
    ...CREDENTIAL_FLAGS,
    ...PROVIDER_FLAGS,
    ...VERIFY_FLAGS,
    for: FOR_FLAG,
    'request-timeout': REQUEST_TIMEOUT_FLAG,
    namespace: { type: 'string', short: 'n', value: 'NS', description: 'Namespace to put in the manifest.' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'yaml (default) or json.' },
    'dry-run': dryRunFlag(
      'Accepted for kubectl compatibility: client (create never writes to a cluster anyway).',
    ),
  },
  async run(flags, io) {
    const options = await completeCreate(flags, io);
    if (!(await verifyBeforeWriting(flags.values, options.credentials, io, options.recipes))) return 1;
    return runCreate(options, io);
  },
};
