import { InvalidInputError, wordOptions } from '@pull-secret/dockerconfigjson';
import {
  injectPullSecrets,
  insecureRegistryPatch,
  type ManifestDocument,
  type NamespaceReferences,
  readManifests,
  writeManifests,
} from '@pull-secret/kubevirt';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import {
  applyManaged,
  caConfigMap,
  connectKubeApi,
  formatManifests,
  validateNamespace,
  validateSecretName,
} from '@pull-secret/secret';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS } from '../credential-flags.js';
import type { ParsedFlags } from '../flags.js';
import { KUBE_FLAGS, kubeApiInit, requestTimeoutMs } from '../kube-flags.js';
import { formatInjectNote } from '../kubevirt-notes.js';
import { type ReferencedObjectsInit, referencedManifest, referencedObjects } from '../kubevirt-objects.js';
import { CLI_WORDING } from '../option-wording.js';
import { outputFormat } from '../output-flag.js';
import { PROVIDER_FLAGS, readProvidedCredentials } from '../provider-flags.js';
import { readInputFile } from '../read-input-file.js';
import { fetchRegistryChain, unverifiedChainNote } from '../registry-chain.js';
import { UsageError } from '../usage-error.js';

const HELP = 'Run "pull-secret kubevirt --help" for usage.';

export const kubevirtCommand: Command = {
  name: 'kubevirt',
  summary:
    'Point KubeVirt VM disks (containerDisk, CDI DataVolume, DataImportCron) at pull Secrets, and make those Secrets.',
  usage:
    'pull-secret kubevirt inject -f FILE [-f FILE|-]… [credential flags as for create, or --provider …] [--ca-file PEM | --fetch-ca] [--secret-name NAME] [--cdi-secret-name NAME] [--ca-config-map NAME] [-n NS] [-o yaml|json] [--overwrite] [--apply [--force]] [--insecure-registry HOST[:PORT]…]\n  pull-secret kubevirt insecure-registry HOST[:PORT]…',
  examples: `  # Patch a VM's disks and print it with the Secrets it now names, ready for kubectl
  printf %s "$TOKEN" | pull-secret kubevirt inject -f vm.yaml --server registry.example.com:5000 \\
      --username ci --password-stdin | kubectl apply -f -

  # A registry with a private CA: fetch its chain into the CA ConfigMap, write the Secrets to the cluster
  pull-secret kubevirt inject -f dv.yaml --server registry.internal:5000 --username ci --password-file token.txt \\
      --fetch-ca --apply -n vms > dv.patched.yaml

  # The command that lets CDI import from a plain-HTTP registry
  pull-secret kubevirt insecure-registry registry.internal:5000`,
  flags: {
    file: {
      type: 'string',
      short: 'f',
      multiple: true,
      value: 'FILE',
      description: 'KubeVirt or CDI manifests (YAML or JSON, several documents); - for stdin; repeatable.',
    },
    ...CREDENTIAL_FLAGS,
    ...PROVIDER_FLAGS,
    'ca-file': {
      type: 'string',
      value: 'PEM',
      description:
        'The registry’s CA (PEM): put in a ConfigMap that each CDI registry source names in certConfigMap.',
    },
    'fetch-ca': {
      type: 'boolean',
      description:
        'Read the TLS chain each matched registry presents (unverified: compare the fingerprints) for that ConfigMap.',
    },
    'secret-name': {
      type: 'string',
      value: 'NAME',
      description: 'The dockerconfigjson Secret containerDisk imagePullSecret names (default regcred).',
    },
    'cdi-secret-name': {
      type: 'string',
      value: 'NAME',
      description: 'The CDI Secret (accessKeyId, secretKey) secretRef names (default SECRET-NAME-cdi).',
    },
    'ca-config-map': {
      type: 'string',
      value: 'NAME',
      description: 'The CA ConfigMap certConfigMap names (default SECRET-NAME-ca).',
    },
    namespace: {
      type: 'string',
      short: 'n',
      value: 'NS',
      description: 'Namespace of documents that name none, and of the Secrets they need.',
    },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'yaml (default) or json.' },
    overwrite: {
      type: 'boolean',
      description: 'Replace an imagePullSecret, secretRef or certConfigMap that names something else.',
    },
    apply: {
      type: 'boolean',
      description: 'Write the Secrets and ConfigMap to the cluster (merge-safe) instead of printing them.',
    },
    force: { type: 'boolean', description: 'With --apply: take over objects pull-secret did not create.' },
    'insecure-registry': {
      type: 'string',
      multiple: true,
      value: 'HOST[:PORT]',
      description:
        'Print the kubectl patch that adds HOST[:PORT] to CDI’s insecureRegistries; changes nothing.',
    },
    ...KUBE_FLAGS,
  },
  async run(flags, io) {
    const [subcommand, ...rest] = flags.positionals;
    if (subcommand === 'insecure-registry') {
      const hosts = [...rest, ...((flags.values['insecure-registry'] as string[] | undefined) ?? [])];
      if (hosts.length === 0) throw new UsageError('Name the registry: HOST[:PORT].', HELP);
      io.stdout(`${insecureRegistryPatch(hosts)}\n`);
      return 0;
    }
    if (subcommand !== 'inject') {
      throw new UsageError(
        subcommand === undefined
          ? 'Name what to do: pull-secret kubevirt inject or insecure-registry.'
          : `Unknown kubevirt subcommand "${subcommand}".`,
        HELP,
      );
    }
    if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`, HELP);
    return inject(flags.values, io);
  },
};

async function inject(values: ParsedFlags['values'], io: CliIo): Promise<number> {
  // Every flag and file is checked before a login is made: a typo must not cost a password typed on stdin.
  const secretName = (values['secret-name'] as string | undefined) ?? 'regcred';
  const cdiSecretName = (values['cdi-secret-name'] as string | undefined) ?? `${secretName}-cdi`;
  const caConfigMapName = (values['ca-config-map'] as string | undefined) ?? `${secretName}-ca`;
  for (const name of [secretName, cdiSecretName, caConfigMapName]) validateSecretName(name);
  const namespace = values.namespace as string | undefined;
  if (namespace !== undefined) validateNamespace(namespace);
  const output = outputFormat(values.output, ['yaml', 'json'], 'yaml');
  if (values['ca-file'] !== undefined && values['fetch-ca'] === true) {
    throw new UsageError('--ca-file cannot be combined with --fetch-ca.', 'Give the CA, or have it fetched.');
  }
  if (values.force === true && values.apply !== true) {
    throw new UsageError('--force needs --apply.', 'Add --apply to write the Secrets to the cluster.');
  }
  const insecure = (values['insecure-registry'] as string[] | undefined) ?? [];
  const patch = insecure.length > 0 ? insecureRegistryPatch(insecure) : undefined;
  const files = (values.file as string[] | undefined) ?? [];
  if (files.length === 0) throw new UsageError('Pass at least one -f FILE.', HELP);
  const stdinReaders = [
    ...files.filter((file) => file === '-').map(() => '-f -'),
    ...(values['password-stdin'] === true ? ['--password-stdin'] : []),
    ...(values['from-docker-config'] === '-' ? ['--from-docker-config -'] : []),
    ...(values['ca-file'] === '-' ? ['--ca-file -'] : []),
  ];
  if (stdinReaders.length > 1) {
    throw new UsageError(
      `${stdinReaders.join(' and ')} would all read standard input.`,
      'Give the others as files (--password-file FILE, -f FILE).',
    );
  }
  const documents: ManifestDocument[] = [];
  for (const file of files) {
    documents.push(...readManifests(await readInputFile(io, file, '-f'), file === '-' ? '(stdin)' : file));
  }
  let ca: string | undefined;
  if (values['ca-file'] !== undefined) {
    ca = await readInputFile(io, values['ca-file'] as string, '--ca-file');
    caConfigMap(ca, { name: caConfigMapName });
  }
  const wantsCa = ca !== undefined || values['fetch-ca'] === true;
  const init = values.apply === true ? kubeApiInit(values, []) : undefined;

  const { credentials, provider, recipes } = await readProvidedCredentials(values, io, PROVIDER_PLUGINS);
  const result = injectPullSecrets(documents, {
    credentials,
    secretName,
    cdiSecretName,
    ...(wantsCa ? { caConfigMapName } : {}),
    overwrite: values.overwrite === true,
    ...(namespace === undefined ? {} : { namespace }),
  });
  if (values['fetch-ca'] === true) ca = await fetchCa(result.references, values, io);

  const objectsInit: ReferencedObjectsInit = {
    secretName,
    caConfigMapName,
    credentials,
    provider,
    recipes,
    ...(ca === undefined ? {} : { ca }),
  };
  const objects = referencedObjects(result.references, objectsInit);
  for (const note of result.notes) io.stderr(formatInjectNote(note));
  if (patch)
    io.stderr(`note: to let CDI import from ${insecure.join(', ')} without TLS checks, run: ${patch}\n`);

  let ok = true;
  if (init) {
    const api = await connectKubeApi(init);
    for (const object of objects) {
      const applied = await applyManaged(api, {
        shape: object.shape,
        targets: { namespaces: object.namespace === undefined ? [] : [object.namespace] },
        force: values.force === true,
        keepManifests: false,
      });
      const kind = object.shape.resource === 'secrets' ? 'secret' : 'configmap';
      for (const ns of applied.namespaces) {
        const why = ns.reason
          ? `: ${ns.reason}${ns.hint ? `; ${wordOptions(ns.hint, CLI_WORDING)}` : ''}`
          : '';
        io.stderr(`${kind} ${ns.namespace}/${object.shape.name}: ${ns.outcome}${why}\n`);
      }
      ok &&= applied.ok;
    }
  }
  const manifests = init ? [] : objects.map(referencedManifest);
  if (output === 'json') {
    const items = [
      ...documents.filter((d) => !d.empty).map((d) => d.document.toJS() as object),
      ...manifests,
    ];
    io.stdout(formatManifests(items, 'json'));
  } else {
    const patched = writeManifests(documents);
    io.stdout(manifests.length === 0 ? patched : `${patched}---\n${formatManifests(manifests, 'yaml')}`);
  }
  return ok ? 0 : 1;
}

/** The TLS chains of the registries whose sources name the CA ConfigMap, as one CA bundle. */
async function fetchCa(
  references: readonly NamespaceReferences[],
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<string | undefined> {
  const hosts = [...new Set(references.flatMap((ref) => ref.caRegistries))];
  if (hosts.length === 0) return undefined;
  let bundle = '';
  for (const host of hosts) {
    const { pem, descriptions } = await fetchRegistryChain(host, requestTimeoutMs(values));
    io.stderr(`${host}:\n${descriptions.join('')}`);
    io.stderr(unverifiedChainNote(descriptions.length));
    bundle += pem;
  }
  if (!bundle.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidInputError('CA_NOT_FETCHED', `No certificate was read from ${hosts.join(', ')}.`, {
      hint: 'Check that the registry serves HTTPS, or give the CA with --ca-file.',
    });
  }
  return bundle;
}
