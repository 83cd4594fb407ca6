import { describe, expect, it } from 'vitest';
import { PROVIDER_PLUGINS } from './plugins.js';
import { withRefusedHint } from './refused-hint.js';

const refused = (registry: string, result = 'unauthorized') => ({
  result,
  registry,
  hint: 'Check for a typo, an expired or revoked token.',
});

describe('withRefusedHint', () => {
  it("gives a refused static login to a preset's host that preset's hint", () => {
    expect(withRefusedHint(refused('ghcr.io')).hint).toMatch(/fine-grained personal access tokens/);
    expect(withRefusedHint(refused('registry.gitlab.com', 'denied')).hint).toMatch(/read_registry/);
    expect(withRefusedHint(refused('quay.io')).hint).toMatch(/ORG\+NAME/);
    expect(withRefusedHint(refused('https://index.docker.io/v1/')).hint).toMatch(
      /personal access token \(dckr_pat_…/,
    );
  });

  it('follows the provider that made the login, whatever the host', () => {
    expect(withRefusedHint(refused('registry.example.com'), 'gitlab').hint).toMatch(/deploy token/);
    expect(withRefusedHint(refused('registry.example.com'), 'static').hint).toBe(refused('x').hint);
  });

  it("keeps the registry's own hint for other results and providers without one", () => {
    expect(withRefusedHint(refused('ghcr.io', 'not-found')).hint).toBe(refused('x').hint);
    expect(withRefusedHint(refused('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), 'ecr').hint).toBe(
      refused('x').hint,
    );
  });

  it('is defined for every preset and Docker Hub', () => {
    for (const name of ['dockerhub', 'ghcr', 'gitlab', 'quay']) {
      expect(PROVIDER_PLUGINS.find((plugin) => plugin.name === name)?.refusedHint, name).toBeTruthy();
    }
  });
});
