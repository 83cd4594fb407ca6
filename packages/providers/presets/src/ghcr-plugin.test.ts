import { detectProvider } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { pluginContext } from '../test/plugin-context.js';
import { ghcrPlugin } from './ghcr-plugin.js';

const TOKEN = 'ghp_CANARYghcrTokenc0ffee';

const context = (options: Record<string, string>, env?: Record<string, string>, registries?: string[]) =>
  pluginContext(ghcrPlugin, options, env, registries);

describe('ghcrPlugin', () => {
  it('serves ghcr.io only', () => {
    expect(detectProvider([ghcrPlugin], 'ghcr.io')).toBe(ghcrPlugin);
    expect(detectProvider([ghcrPlugin], 'ghcr.io/acme')).toBe(ghcrPlugin);
    expect(detectProvider([ghcrPlugin], 'docker.pkg.github.com')).toBeUndefined();
  });

  it("takes the workflow's GITHUB_ACTOR and GITHUB_TOKEN, and writes them under ghcr.io", async () => {
    const { built, warnings } = context({}, { GITHUB_ACTOR: 'octocat', GITHUB_TOKEN: TOKEN });
    expect(await ghcrPlugin.create(built)()).toEqual([
      { registry: 'ghcr.io', username: 'octocat', password: TOKEN },
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps a path-scoped key as given, and prefers GHCR_TOKEN to GITHUB_TOKEN', async () => {
    const { built } = context({ 'ghcr-username': 'me' }, { GHCR_TOKEN: TOKEN, GITHUB_TOKEN: 'other' }, [
      'ghcr.io/acme',
    ]);
    expect(await ghcrPlugin.create(built)()).toEqual([
      { registry: 'ghcr.io/acme', username: 'me', password: TOKEN },
    ]);
  });

  it('warns that ghcr.io refuses a fine-grained token, without showing it', () => {
    const fineGrained = 'github_pat_CANARY11AAAA';
    const { built, warnings } = context({ 'ghcr-username': 'me', 'ghcr-token': fineGrained });
    ghcrPlugin.create(built);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/fine-grained .*github_pat_….*classic token with read:packages/);
    expect(warnings[0]).not.toContain(fineGrained);
  });

  it('needs a token, and says where it may come from', () => {
    expect(() => context({ 'ghcr-username': 'me' })).toThrow(
      expect.objectContaining({
        code: 'MISSING_PROVIDER_OPTION',
        hint: 'Set the ghcr-token option or GHCR_TOKEN or GITHUB_TOKEN.',
      }),
    );
  });

  it('refuses a username with a colon before anything is written', () => {
    const { built } = context({ 'ghcr-username': 'me:x', 'ghcr-token': TOKEN });
    expect(() => ghcrPlugin.create(built)).toThrow(expect.objectContaining({ code: 'USERNAME_HAS_COLON' }));
  });

  it('has a refused-login hint about classic and fine-grained tokens', () => {
    expect(ghcrPlugin.refusedHint).toMatch(/classic personal access token with read:packages/);
    expect(ghcrPlugin.refusedHint).toMatch(/fine-grained personal access tokens \(github_pat_…\)/);
  });
});
