import { DOCKER_HUB_KEY, type ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { fromDockerHub } from './from-docker-hub.js';

/** Every name Docker Hub's registry goes by; the key written is always DOCKER_HUB_KEY. */
export const DOCKER_HUB_HOSTS: readonly string[] = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** Docker Hub: a personal access token, or an organisation access token. */
export const dockerHubPlugin: ProviderPlugin = {
  name: 'dockerhub',
  description: `Docker Hub (key ${DOCKER_HUB_KEY}): a username and personal access token, or an organisation name and organisation access token.`,
  matches: (host) => DOCKER_HUB_HOSTS.includes(host),
  options: [
    {
      name: 'dockerhub-username',
      description:
        'The Docker ID the personal access token belongs to, or the organisation name for an organisation access token.',
      env: ['DOCKERHUB_USERNAME'],
      required: true,
    },
    {
      name: 'dockerhub-token',
      description:
        'A personal access token (dckr_pat_…) or organisation access token (dckr_oat_…) with read access. An account password works only without 2FA or SSO.',
      env: ['DOCKERHUB_TOKEN'],
      secret: true,
      required: true,
    },
  ],
  refusedHint:
    'Docker Hub refuses the password of an account with two-factor authentication or SSO: use a personal access token (dckr_pat_…, scope Read-only or more) with the Docker ID as {{dockerhub-username}}, or an organisation access token (dckr_oat_…) with the organisation name and access to the repository. Check {{dockerhub-token}}, and that the token is not expired or revoked.',
  create: (context) =>
    fromDockerHub({
      username: context.options['dockerhub-username']!,
      token: context.options['dockerhub-token']!,
      ...(context.warn ? { warn: context.warn } : {}),
    }),
};
