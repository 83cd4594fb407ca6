import { InvalidInputError, type ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { fromOvh } from './from-ovh.js';
import type { OvhAuth } from './ovh-api.js';

/** OVHcloud Managed Private Registry (Harbor): a registry user made through OVH's API. */
export const ovhPlugin: ProviderPlugin = {
  name: 'ovh',
  description:
    "OVHcloud Managed Private Registry (*.container-registry.ovh.net): a new registry user, made through OVH's API.",
  matches: (host) => host.endsWith('.container-registry.ovh.net'),
  options: [
    {
      name: 'ovh-endpoint',
      description: 'The OVH API: ovh-eu, ovh-ca, ovh-us, or an https:// URL.',
      env: ['OVH_ENDPOINT'],
      default: 'ovh-eu',
    },
    {
      name: 'ovh-application-key',
      description: 'The application key (signed API).',
      env: ['OVH_APPLICATION_KEY'],
    },
    {
      name: 'ovh-application-secret',
      description: 'The application secret (signed API).',
      env: ['OVH_APPLICATION_SECRET'],
      secret: true,
    },
    {
      name: 'ovh-consumer-key',
      description:
        'The consumer key, with GET and POST on /cloud/project/*/containerRegistry/* (signed API).',
      env: ['OVH_CONSUMER_KEY'],
      secret: true,
    },
    {
      name: 'ovh-client-id',
      description: 'An OAuth2 service account id, instead of the application keys.',
      env: ['OVH_CLIENT_ID'],
    },
    {
      name: 'ovh-client-secret',
      description: "The OAuth2 service account's secret.",
      env: ['OVH_CLIENT_SECRET'],
      secret: true,
    },
    {
      name: 'ovh-project',
      description: 'The Public Cloud project id (serviceName).',
      env: ['OVH_CLOUD_PROJECT_SERVICE'],
      required: true,
    },
    {
      name: 'ovh-registry-id',
      description:
        "The registry's id in the project; without it, the registry whose URL has the --registry host.",
    },
    {
      name: 'ovh-user-login',
      description: 'The registry user to create (each run makes a new one).',
      required: true,
    },
    { name: 'ovh-user-email', description: "The new user's email (default LOGIN@users.noreply.invalid)." },
  ],
  refusedHint:
    'An OVH registry user made by OVH’s API reaches only the projects it was added to in Harbor; with IAM enabled on the registry, Harbor users are replaced by IAM: make a Harbor robot account with this user instead.',
  create: (context) => {
    const { options } = context;
    // fromOvh checks the endpoint and the login as it is built, before any call.
    return fromOvh({
      endpoint: options['ovh-endpoint'] ?? 'ovh-eu',
      auth: ovhAuth(options),
      project: options['ovh-project']!,
      ...(options['ovh-registry-id'] ? { registryId: options['ovh-registry-id'] } : {}),
      registries: context.registries,
      userLogin: options['ovh-user-login']!,
      ...(options['ovh-user-email'] ? { userEmail: options['ovh-user-email'] } : {}),
      env: context.env,
      ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
      ...(context.warn ? { warn: context.warn } : {}),
    });
  },
};

/** OAuth2 when a client id is given, else the application's three keys; every part of the one chosen. */
function ovhAuth(options: Readonly<Record<string, string | undefined>>): OvhAuth {
  const clientId = options['ovh-client-id'];
  const signed = ['ovh-application-key', 'ovh-application-secret', 'ovh-consumer-key'] as const;
  if (clientId !== undefined) {
    const clientSecret = options['ovh-client-secret'];
    if (clientSecret === undefined) throw missing('ovh-client-secret', 'OVH_CLIENT_SECRET');
    return { kind: 'oauth2', clientId, clientSecret };
  }
  if (signed.every((name) => options[name] === undefined)) {
    throw new InvalidInputError('OVH_NO_CREDENTIALS', 'The ovh provider needs OVH API credentials.', {
      hint: 'Set {{ovh-application-key}}, {{ovh-application-secret}} and {{ovh-consumer-key}} (OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), or {{ovh-client-id}} and {{ovh-client-secret}} for a service account.',
      fields: { option: 'ovh-application-key' },
    });
  }
  const absent = signed.find((name) => options[name] === undefined);
  if (absent !== undefined) throw missing(absent, absent.toUpperCase().replaceAll('-', '_'));
  return {
    kind: 'signed',
    applicationKey: options['ovh-application-key']!,
    applicationSecret: options['ovh-application-secret']!,
    consumerKey: options['ovh-consumer-key']!,
  };
}

function missing(option: string, variable: string): InvalidInputError {
  return new InvalidInputError('MISSING_PROVIDER_OPTION', `The ovh provider needs {{${option}}}.`, {
    hint: `Set {{${option}}} or ${variable}.`,
    fields: { option, provider: 'ovh' },
  });
}
