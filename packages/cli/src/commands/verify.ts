import { DOCKER_HUB_KEY, type RegistryCredential, validateRegistry } from '@pull-secret/dockerconfigjson';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS } from '../credential-flags.js';
import { REQUEST_TIMEOUT_FLAG, requestTimeoutMs } from '../kube-flags.js';
import { durationMs } from '../number-flags.js';
import { outputFormat } from '../output-flag.js';
import { readProvidedCredentials } from '../provider-flags.js';
import { readCaFile } from '../read-ca-file.js';
import { unexpectedArguments } from '../unexpected-arguments.js';
import { formatVerifyText, verifyCredential } from '../verify-access.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Prove a credential can pull an image, as a container runtime would, before you write it.',
  usage:
    'pull-secret verify [--server HOST] --username USER (--password-stdin | --password-file FILE | --password PASS) [--image REPO[:TAG|@DIGEST]] [--ca-file PEM] [--insecure-skip-tls-verify] [--request-timeout DURATION] [-o text|json]',
  examples: `  # Can this token pull acme/api:1.4 from GitHub Container Registry?
  printf %s "$GITHUB_TOKEN" | pull-secret verify --server ghcr.io --username me --password-stdin --image acme/api:1.4

  # A registry with a private CA, JSON for scripts
  pull-secret verify --server registry.internal:5000 --username ci --password-file token.txt \\
      --image team/app@sha256:… --ca-file ca.pem -o json`,
  flags: {
    server: {
      type: 'string',
      aliases: ['docker-server', 'registry'],
      value: 'HOST',
      description: `Registry: host[:port], https:// or http:// URL (default ${DOCKER_HUB_KEY}).`,
    },
    username: CREDENTIAL_FLAGS.username!,
    'password-stdin': CREDENTIAL_FLAGS['password-stdin']!,
    'password-file': CREDENTIAL_FLAGS['password-file']!,
    password: CREDENTIAL_FLAGS.password!,
    image: {
      type: 'string',
      value: 'REPO',
      description: 'REPO[:TAG|@DIGEST] to prove pull on (default tag latest); without it, only the login.',
    },
    'ca-file': { type: 'string', value: 'PEM', description: 'Trust this CA (PEM) for the registry.' },
    'insecure-skip-tls-verify': {
      type: 'boolean',
      description: 'Do not check the registry’s certificate (tests only).',
    },
    'request-timeout': REQUEST_TIMEOUT_FLAG,
    timeout: {
      type: 'string',
      value: 'DURATION',
      description: 'The same as --request-timeout (kept for earlier scripts).',
    },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text (default) or json.' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) {
      throw unexpectedArguments(
        'verify takes no arguments',
        positionals.length,
        'Name the image with --image.',
        {
          credentials: true,
        },
      );
    }
    const output = outputFormat(values.output, ['text', 'json'], 'text');
    const registry = (values.server as string | undefined) ?? DOCKER_HUB_KEY;
    validateRegistry(registry);
    const timeoutMs =
      values['request-timeout'] === undefined
        ? durationMs(values.timeout, 'timeout', 30_000)
        : requestTimeoutMs(values);
    const caFile = values['ca-file'] as string | undefined;
    const ca = caFile === undefined ? undefined : await readCaFile(io, caFile, 'ca-file');
    // The same checks as any static login (a username with ":" is refused), through the one resolver.
    const [{ username, password }] = (
      await readProvidedCredentials({ ...values, provider: 'static', server: [registry] }, io, [])
    ).credentials as [RegistryCredential];
    const image = values.image as string | undefined;
    const result = await verifyCredential(
      {
        credential: { registry, username, password },
        ...(image === undefined ? {} : { image }),
        ...(ca === undefined ? {} : { ca }),
        insecureSkipTLSVerify: values['insecure-skip-tls-verify'] === true,
        timeoutMs,
      },
      io,
    );
    if (output === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(formatVerifyText(result));
    return result.ok ? 0 : 1;
  },
};
