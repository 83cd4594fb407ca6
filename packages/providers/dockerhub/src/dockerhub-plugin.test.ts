import {
  DOCKER_HUB_KEY,
  detectProvider,
  type ProviderContext,
  resolveProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { dockerHubPlugin } from './dockerhub-plugin.js';

const PAT = 'dckr_pat_CANARYpat0123';

function context(
  options: Record<string, string>,
  env: Record<string, string> = {},
  registries: string[] = [],
) {
  const warnings: string[] = [];
  const built: ProviderContext = {
    registries,
    options: resolveProviderOptions(dockerHubPlugin, options, env),
    env,
    warn: (message) => warnings.push(message),
  };
  return { built, warnings };
}

describe('dockerHubPlugin', () => {
  it("serves every name of Docker Hub's registry, and nothing else", () => {
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB_KEY]) {
      expect(detectProvider([dockerHubPlugin], host), host).toBe(dockerHubPlugin);
    }
    expect(detectProvider([dockerHubPlugin], 'hub.docker.com')).toBeUndefined();
    expect(detectProvider([dockerHubPlugin], 'docker.example.com')).toBeUndefined();
  });

  it.each([[[]], [['docker.io']], [['registry-1.docker.io', 'index.docker.io']]])(
    'writes one login under https://index.docker.io/v1/ whatever name was given (%j)',
    async (registries) => {
      const { built, warnings } = context(
        { 'dockerhub-username': 'octo' },
        { DOCKERHUB_TOKEN: PAT },
        registries,
      );
      expect(await dockerHubPlugin.create(built)()).toEqual([
        { registry: DOCKER_HUB_KEY, username: 'octo', password: PAT },
      ]);
      expect(warnings).toEqual([]);
    },
  );

  it('takes an organisation name with an organisation access token, without a warning', async () => {
    const { built, warnings } = context({
      'dockerhub-username': 'acme',
      'dockerhub-token': 'dckr_oat_CANARY',
    });
    expect((await dockerHubPlugin.create(built)())[0]?.username).toBe('acme');
    expect(warnings).toEqual([]);
  });

  it('warns that 2FA and SSO accounts need an access token when the token looks like a password', async () => {
    const password = 'CANARY-plain-password';
    const { built, warnings } = context({ 'dockerhub-username': 'octo', 'dockerhub-token': password });
    expect((await dockerHubPlugin.create(built)())[0]?.password).toBe(password);
    expect(warnings).toEqual([
      expect.stringMatching(/two-factor authentication or SSO refuse their password/),
    ]);
    expect(warnings.join('')).not.toContain(password);
  });

  it.each(['me@example.com', 'me:x', ' '])('refuses the username %j with a hint', (username) => {
    const run = () => context({ 'dockerhub-username': username, 'dockerhub-token': PAT });
    const error = (() => {
      try {
        dockerHubPlugin.create(run().built);
      } catch (caught) {
        return caught;
      }
    })() as { code?: string; hint?: string } | undefined;
    if (username.trim() === '') {
      expect(error?.code).toBe('DOCKERHUB_USERNAME_INVALID');
    } else {
      expect(error).toMatchObject({
        code: 'DOCKERHUB_USERNAME_INVALID',
        hint: expect.stringContaining('Docker ID'),
      });
    }
  });
});
