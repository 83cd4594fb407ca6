import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { presetLogin } from './preset-login.js';

export const GITLAB_HOST = 'registry.gitlab.com';

/** The username of GitLab CI's job token, which stops working when the job ends. */
const JOB_TOKEN_USER = 'gitlab-ci-token';

/** GitLab's container registry: a deploy token (or access token) with read_registry. */
export const gitlabPlugin: ProviderPlugin = {
  name: 'gitlab',
  description:
    'GitLab container registry (registry.gitlab.com, or CI_REGISTRY in GitLab CI): a deploy token with read_registry.',
  matches: (host) => host === GITLAB_HOST,
  options: [
    {
      name: 'gitlab-username',
      description:
        "The deploy token's username (gitlab+deploy-token-N unless named otherwise); GitLab CI sets CI_DEPLOY_USER for a deploy token named gitlab-deploy-token.",
      env: ['CI_DEPLOY_USER'],
      required: true,
    },
    {
      name: 'gitlab-token',
      description: 'The deploy token (or a project, group or personal access token) with read_registry.',
      env: ['CI_DEPLOY_PASSWORD'],
      secret: true,
      required: true,
    },
  ],
  refusedHint:
    'GitLab needs a deploy token (username gitlab+deploy-token-N) or an access token with the read_registry scope, not expired or revoked, from the project or group that owns the image; the CI job token (gitlab-ci-token) stops working when its job ends. Check {{gitlab-username}} and {{gitlab-token}}.',
  create: (context) => {
    const username = context.options['gitlab-username']!;
    if (username === JOB_TOKEN_USER) {
      context.warn?.(
        'gitlab-ci-token is the CI job token, which stops working when the job ends: nodes could not pull with it later. Use a deploy token with read_registry.',
      );
    }
    return presetLogin({
      registries: context.registries,
      // Inside GitLab CI, CI_REGISTRY names the instance's registry (self-managed included).
      defaultRegistry: context.env.CI_REGISTRY || GITLAB_HOST,
      username,
      password: context.options['gitlab-token']!,
      usernameOption: 'gitlab-username',
    });
  },
};
