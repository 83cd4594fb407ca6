import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { isAcrHost } from './acr-cloud.js';
import { ACR_AUTH_MODES, type AcrAuth, fromAcr } from './from-acr.js';

/** The `acr` provider for the CLI and the Action; importing it loads no Azure SDK. */
export const acrPlugin: ProviderPlugin = {
  name: 'acr',
  description:
    'Azure Container Registry: Entra ID token exchange, service principal, admin user or scope-map token.',
  matches: isAcrHost,
  options: [
    {
      name: 'acr-auth',
      description: 'How to log in to the registry.',
      choices: ACR_AUTH_MODES,
      default: 'exchange',
    },
    { name: 'azure-tenant-id', description: 'Entra ID tenant (directory) ID.', env: ['AZURE_TENANT_ID'] },
    {
      name: 'azure-client-id',
      description: 'Application (client) ID of a service principal, managed identity or federated identity.',
      env: ['AZURE_CLIENT_ID'],
    },
    {
      name: 'azure-client-secret',
      description: 'Client secret of the service principal.',
      env: ['AZURE_CLIENT_SECRET'],
      secret: true,
    },
    {
      name: 'azure-subscription-id',
      description: 'Subscription of the registries; needed by admin and token modes.',
      env: ['AZURE_SUBSCRIPTION_ID'],
    },
    { name: 'acr-resource-group', description: 'Resource group of the registries (narrows the lookup).' },
    { name: 'acr-token-name', description: 'Scope-map token to generate a password for (token mode).' },
    {
      name: 'acr-token-password',
      description: 'Token password slot to regenerate; alternate to rotate without a gap (token mode).',
      choices: ['password1', 'password2'],
      default: 'password1',
    },
    {
      name: 'azure-authority-host',
      description: 'Entra ID host, for clouds other than the registry host suffix implies.',
      env: ['AZURE_AUTHORITY_HOST'],
    },
  ],
  create({ registries, options, idToken, env, timeoutMs }) {
    return fromAcr({
      registries,
      auth: options['acr-auth'] as AcrAuth | undefined,
      tenantId: options['azure-tenant-id'],
      clientId: options['azure-client-id'],
      clientSecret: options['azure-client-secret'],
      subscriptionId: options['azure-subscription-id'],
      resourceGroup: options['acr-resource-group'],
      tokenName: options['acr-token-name'],
      tokenPassword: options['acr-token-password'] as 'password1' | 'password2' | undefined,
      authorityHost: options['azure-authority-host'],
      idToken,
      env,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  },
};
