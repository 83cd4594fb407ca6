import { detectProvider } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { pluginContext } from '../test/plugin-context.js';
import { gitlabPlugin } from './gitlab-plugin.js';

const TOKEN = 'gldt-CANARYdeploytoken';

const context = (options: Record<string, string>, env?: Record<string, string>, registries?: string[]) =>
  pluginContext(gitlabPlugin, options, env, registries);

describe('gitlabPlugin', () => {
  it('serves registry.gitlab.com; a self-managed registry is named with the provider', () => {
    expect(detectProvider([gitlabPlugin], 'registry.gitlab.com')).toBe(gitlabPlugin);
    expect(detectProvider([gitlabPlugin], 'gitlab.com')).toBeUndefined();
  });

  it("reads GitLab CI's deploy-token variables and its CI_REGISTRY", async () => {
    const { built, warnings } = context(
      {},
      {
        CI_DEPLOY_USER: 'gitlab+deploy-token-42',
        CI_DEPLOY_PASSWORD: TOKEN,
        CI_REGISTRY: 'registry.example.com',
      },
    );
    expect(await gitlabPlugin.create(built)()).toEqual([
      { registry: 'registry.example.com', username: 'gitlab+deploy-token-42', password: TOKEN },
    ]);
    expect(warnings).toEqual([]);
  });

  it('defaults to registry.gitlab.com outside GitLab CI', async () => {
    const { built } = context({ 'gitlab-username': 'gitlab+deploy-token-7', 'gitlab-token': TOKEN });
    expect((await gitlabPlugin.create(built)())[0]?.registry).toBe('registry.gitlab.com');
  });

  it('warns that the job token dies with the job', () => {
    const { built, warnings } = context({ 'gitlab-username': 'gitlab-ci-token', 'gitlab-token': TOKEN });
    gitlabPlugin.create(built);
    expect(warnings).toEqual([expect.stringMatching(/job token, which stops working when the job ends/)]);
  });

  it('needs a username and says which variable GitLab CI sets', () => {
    expect(() => context({ 'gitlab-token': TOKEN })).toThrow(
      expect.objectContaining({ hint: 'Set the gitlab-username option or CI_DEPLOY_USER.' }),
    );
  });
});
