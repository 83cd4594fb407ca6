import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { fromGoogle, type GoogleAuthMode } from './from-google.js';
import { isGoogleRegistry } from './google-registry-host.js';

/** The gcr provider for the CLI and the Action: Artifact Registry and the gcr.io hosts. */
export const gcrPlugin: ProviderPlugin = {
  name: 'gcr',
  description:
    'Google Artifact Registry and gcr.io: an access token from any Google identity, or a service account JSON key.',
  matches: isGoogleRegistry,
  options: [
    {
      name: 'gcp-auth',
      description:
        'access-token: a one-hour token from Application Default Credentials, a key, workload identity or impersonation. json-key (or json-key-base64): the service account key itself, never expires.',
      choices: ['access-token', 'json-key', 'json-key-base64'],
      default: 'access-token',
    },
    {
      name: 'gcp-key-file',
      description:
        'A service account key file, or for access-token a workload identity federation configuration. Without it, access-token uses Application Default Credentials and json-key reads GOOGLE_APPLICATION_CREDENTIALS.',
    },
    {
      name: 'gcp-key-json',
      description: 'The content of such a file, instead of a path.',
      env: ['GOOGLE_CREDENTIALS'],
      secret: true,
    },
    {
      name: 'gcp-service-account',
      description:
        'access-token: the service account email to act as, impersonated from the credentials or reached through workload identity federation.',
    },
    {
      name: 'gcp-workload-identity-provider',
      description:
        "access-token in GitHub Actions: projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER, to exchange the job's OIDC token.",
    },
  ],
  create: (context) => {
    const { options } = context;
    return fromGoogle({
      registries: context.registries,
      auth: (options['gcp-auth'] ?? 'access-token') as GoogleAuthMode,
      keyFile: options['gcp-key-file'],
      // An explicit key file beats key content that may only have come from GOOGLE_CREDENTIALS.
      keyJson: options['gcp-key-file'] === undefined ? options['gcp-key-json'] : undefined,
      serviceAccount: options['gcp-service-account'],
      workloadIdentityProvider: options['gcp-workload-identity-provider'],
      idToken: context.idToken,
      warn: context.warn,
      env: context.env,
      ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
    });
  },
};
