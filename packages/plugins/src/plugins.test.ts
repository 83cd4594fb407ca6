import { detectProvider } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { planCredentials } from './plan-credentials.js';
import { PROVIDER_PLUGINS } from './plugins.js';

describe('PROVIDER_PLUGINS', () => {
  it('has unique names, and option names no two plugins share', () => {
    const names = PROVIDER_PLUGINS.map((plugin) => plugin.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('auto');
    expect(names).not.toContain('static');
    const owners = new Map<string, string>();
    for (const plugin of PROVIDER_PLUGINS) {
      for (const option of plugin.options) {
        expect(option.name, `${plugin.name}: option names are kebab-case`).toMatch(
          /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/,
        );
        const owner = owners.get(option.name);
        // Two plugins of one family (ecr, ecr-public) may share an option; different families may not.
        if (owner !== undefined) expect(owner.split('-')[0], option.name).toBe(plugin.name.split('-')[0]);
        owners.set(option.name, plugin.name);
      }
    }
  });
});

describe('auto-detection of the registry providers', () => {
  it.each([
    ['docker.io', 'dockerhub'],
    ['index.docker.io', 'dockerhub'],
    ['registry-1.docker.io', 'dockerhub'],
    ['https://index.docker.io/v1/', 'dockerhub'],
    ['ghcr.io', 'ghcr'],
    ['registry.gitlab.com', 'gitlab'],
    ['quay.io', 'quay'],
    ['abcd1234.c1.gra9.container-registry.ovh.net', 'ovh'],
  ])('%s goes to %s', (host, name) => {
    expect(detectProvider(PROVIDER_PLUGINS, host)?.name).toBe(name);
  });

  it('leaves a login with a username static, as before the presets', async () => {
    const plan = await planCredentials({
      registries: ['ghcr.io', 'docker.io'],
      login: { username: 'me', password: 'CANARY-static' },
    });
    expect(plan.providers).toEqual(['static']);
    expect((await plan.resolve()).credentials.map((c) => c.registry)).toEqual(['ghcr.io', 'docker.io']);
  });
});
