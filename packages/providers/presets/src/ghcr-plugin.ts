import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { presetLogin } from './preset-login.js';

export const GHCR_HOST = 'ghcr.io';

/** GitHub Container Registry: the job's GITHUB_TOKEN, or a classic personal access token. */
export const ghcrPlugin: ProviderPlugin = {
  name: 'ghcr',
  description:
    "GitHub Container Registry (ghcr.io): a workflow's GITHUB_TOKEN or a classic personal access token with read:packages.",
  matches: (host) => host === GHCR_HOST,
  options: [
    {
      name: 'ghcr-username',
      description: 'The GitHub user the token belongs to (any non-empty name for GITHUB_TOKEN).',
      env: ['GITHUB_ACTOR'],
      required: true,
    },
    {
      name: 'ghcr-token',
      description:
        'GITHUB_TOKEN (lives as long as the job: for a CI pull only) or a classic personal access token with read:packages. Fine-grained tokens (github_pat_…) are refused by ghcr.io.',
      env: ['GHCR_TOKEN', 'GITHUB_TOKEN'],
      secret: true,
      required: true,
    },
  ],
  refusedHint:
    'ghcr.io takes a classic personal access token with read:packages, or a workflow’s GITHUB_TOKEN (with permissions: packages: read, and the package granting that repository access); it refuses fine-grained personal access tokens (github_pat_…). Check {{ghcr-token}}.',
  create: (context) => {
    const token = context.options['ghcr-token']!;
    if (token.startsWith('github_pat_')) {
      context.warn?.(
        'The ghcr token is a fine-grained personal access token (github_pat_…), which ghcr.io refuses: use a classic token with read:packages.',
      );
    }
    return presetLogin({
      registries: context.registries,
      defaultRegistry: GHCR_HOST,
      username: context.options['ghcr-username']!,
      password: token,
      usernameOption: 'ghcr-username',
    });
  },
};
