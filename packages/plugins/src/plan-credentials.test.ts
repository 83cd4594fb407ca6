import {
  type CredentialProviderOptions,
  InvalidInputError,
  type ProviderContext,
  type ProviderPlugin,
} from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { planCredentials } from './plan-credentials.js';

const CANARY = 'CANARY-plan-5e1f';

/** A plugin of the test's own: records what it was handed, and returns one login per registry. */
function recordingPlugin(name: string, suffix: string) {
  const contexts: ProviderContext[] = [];
  const calls: (CredentialProviderOptions | undefined)[] = [];
  const plugin: ProviderPlugin = {
    name,
    description: `${name} for tests`,
    matches: (host) => host.endsWith(suffix),
    options: [
      { name: `${name}-region`, description: 'Region.', env: [`${name.toUpperCase()}_REGION`] },
      { name: `${name}-key`, description: 'Key.', secret: true, env: [`${name.toUpperCase()}_KEY`] },
      { name: `${name}-mode`, description: 'Mode.', choices: ['a', 'b'], default: 'a' },
    ],
    create: (context) => {
      contexts.push(context);
      return async (options) => {
        calls.push(options);
        return context.registries.map((registry) => ({
          registry,
          username: name,
          password: `${CANARY}-${name}-${context.options[`${name}-key`] ?? 'none'}`,
          expiresAt: new Date('2030-01-01T00:00:00Z'),
        }));
      };
    },
  };
  return { plugin, contexts, calls };
}

function setup() {
  const alpha = recordingPlugin('alpha', '.alpha.test');
  const beta = recordingPlugin('beta', '.beta.test');
  return { alpha, beta, plugins: [alpha.plugin, beta.plugin] };
}

describe('planCredentials', () => {
  it('checks everything before any provider is called, then resolves per plugin', async () => {
    const { alpha, beta, plugins } = setup();
    const plan = await planCredentials({
      plugins,
      registries: ['a.alpha.test', 'b.beta.test', 'c.alpha.test'],
      options: { 'alpha-region': 'eu', 'alpha-key': `${CANARY}-k` },
      env: { BETA_REGION: 'us' },
      timeoutMs: 1234,
    });
    expect(plan.providers).toEqual(['alpha', 'beta']);
    expect(plan.secrets).toContain(`${CANARY}-k`);
    // Built, not called: nothing has gone to the network.
    expect(alpha.calls).toEqual([]);
    const controller = new AbortController();
    const resolved = await plan.resolve({ signal: controller.signal });
    expect(resolved.provider).toBe('alpha,beta');
    expect(resolved.credentials.map((c) => c.registry)).toEqual([
      'a.alpha.test',
      'c.alpha.test',
      'b.beta.test',
    ]);
    expect(alpha.contexts[0]).toMatchObject({
      registries: ['a.alpha.test', 'c.alpha.test'],
      timeoutMs: 1234,
    });
    expect(alpha.calls[0]?.signal).toBe(controller.signal);
    expect(beta.contexts[0]?.options).toEqual({
      'beta-region': 'us',
      'beta-key': undefined,
      'beta-mode': 'a',
    });
    // Recipes: the provider and its non-secret options, given or from the env; defaults are left out.
    expect(resolved.recipes).toEqual({
      'a.alpha.test': { provider: 'alpha', options: { 'alpha-region': 'eu' } },
      'c.alpha.test': { provider: 'alpha', options: { 'alpha-region': 'eu' } },
      'b.beta.test': { provider: 'beta', options: { 'beta-region': 'us' } },
    });
    expect(JSON.stringify(resolved.recipes)).not.toContain(CANARY);
    // Every form of every password is to be hidden, and the secret option.
    const password = `${CANARY}-alpha-${CANARY}-k`;
    expect(resolved.secrets).toEqual(
      expect.arrayContaining([password, Buffer.from(`alpha:${password}`).toString('base64'), `${CANARY}-k`]),
    );
  });

  it('refuses a bad choice of a later provider without calling an earlier one', async () => {
    const { alpha, plugins } = setup();
    await expect(
      planCredentials({
        plugins,
        registries: ['a.alpha.test', 'b.beta.test'],
        env: { BETA_KEY: 'x' },
        options: { 'beta-mode': 'z' },
      }),
    ).rejects.toThrow(InvalidInputError);
    expect(alpha.contexts).toEqual([]);
  });

  it("builds every provider before calling any, so one provider's own check stops the run first", async () => {
    const { alpha } = setup();
    const picky: ProviderPlugin = {
      name: 'picky',
      description: 'refuses when built',
      matches: (host) => host.endsWith('.picky.test'),
      options: [],
      create: () => {
        throw new InvalidInputError('PICKY', 'picky needs more.');
      },
    };
    await expect(
      planCredentials({ plugins: [alpha.plugin, picky], registries: ['a.alpha.test', 'b.picky.test'] }),
    ).rejects.toThrow('picky needs more.');
    expect(alpha.calls).toEqual([]);
  });

  it.each([
    [{ provider: 'gamma', registries: ['x.io'] }, 'UNKNOWN_PROVIDER', /Unknown provider "gamma"/],
    [{ registries: ['ghcr.io '] }, 'SERVER_INVALID', /not a registry/],
    [{ registries: ['ghcr.io'] }, 'NO_PROVIDER_FOR_REGISTRY', /No provider serves ghcr.io/],
    [
      { registries: ['a.alpha.test'], options: { 'beta-region': 'r' } },
      'PROVIDER_OPTION_UNUSED',
      /^the beta-region option belongs to the beta provider/i,
    ],
    [
      { registries: ['a.alpha.test'], login: { password: CANARY } },
      'STATIC_LOGIN_WITH_PROVIDER',
      /is for a static login, but the alpha provider makes this one/,
    ],
    [{ login: { password: CANARY } }, 'CREDENTIAL_EMPTY', /^The username is empty\.$/],
    [{ login: { username: 'me' } }, 'CREDENTIAL_EMPTY', /^The password is empty\.$/],
    [{ login: { username: 'me:x', password: CANARY } }, 'USERNAME_HAS_COLON', /contains ":"/],
    [
      { dockerConfig: '{"auths":{}}', login: { email: 'me@example.com' } },
      'DOCKER_CONFIG_COMBINED',
      /docker-config option cannot be combined with the email option/,
    ],
  ])('refuses %j with %s', async (request, code, message) => {
    const { plugins } = setup();
    const error = await planCredentials({ plugins, ...request }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe(code);
    expect((error as InvalidInputError).message).toMatch(message);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(CANARY);
  });

  it('names options as placeholders each front end words its own way', async () => {
    const { plugins } = setup();
    const error = (await planCredentials({
      plugins,
      dockerConfig: '{}',
      registries: ['ghcr.io'],
    }).catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error.render((option) => `--${option}`).message).toBe(
      '--docker-config cannot be combined with --registry.',
    );
    expect(error.render((option, n) => (n === 0 ? `the input ${option}` : option)).message).toBe(
      'The input docker-config cannot be combined with registry.',
    );
  });

  it('makes a static login for each registry, or Docker Hub, with nothing to call', async () => {
    const plan = await planCredentials({
      login: { username: 'me', password: CANARY, email: 'me@example.com' },
    });
    expect(plan.providers).toEqual(['static']);
    expect(plan.secrets).toEqual(
      expect.arrayContaining([CANARY, Buffer.from(`me:${CANARY}`).toString('base64')]),
    );
    const resolved = await plan.resolve();
    expect(resolved.credentials).toEqual([
      { registry: 'https://index.docker.io/v1/', username: 'me', password: CANARY, email: 'me@example.com' },
    ]);
    expect(resolved.recipes).toEqual({ 'https://index.docker.io/v1/': { provider: 'static' } });
  });

  it('holds a Docker config to the same rules as flags, and reads it only after the other checks', async () => {
    let reads = 0;
    const config = (auths: object) => async () => {
      reads++;
      return JSON.stringify({ auths });
    };
    await expect(planCredentials({ dockerConfig: config({}), login: { username: 'me' } })).rejects.toThrow(
      /cannot be combined/,
    );
    expect(reads).toBe(0);
    const auth = (text: string) => Buffer.from(text).toString('base64');
    await expect(
      planCredentials({ dockerConfig: config({ 'ghcr.io ': { auth: auth(`me:${CANARY}`) } }) }),
    ).rejects.toThrow(/not a registry/);
    // trimmed, it would replace a working ghcr.io entry with one kubelet cannot parse
    await expect(
      planCredentials({ dockerConfig: config({ '\fghcr.io': { auth: auth(`me:${CANARY}`) } }) }),
    ).rejects.toThrow('"\\u000cghcr.io" is not a registry');
    await expect(
      planCredentials({ dockerConfig: config({ 'ghcr.io': { username: 'me:x', password: CANARY } }) }),
    ).rejects.toThrow(/contains ":"/);
    const plan = await planCredentials({
      dockerConfig: JSON.stringify({
        auths: { 'ghcr.io': { auth: auth(`me:${CANARY}`) } },
        credHelpers: { 'quay.io': 'desktop' },
      }),
    });
    expect(plan.secrets).toContain(CANARY);
    expect(plan.warnings).toEqual([
      'quay.io is left out: only the credential helper "desktop" has its login, and kubelet cannot run helpers.',
    ]);
    expect((await plan.resolve()).credentials.map((c) => c.registry)).toEqual(['ghcr.io']);
  });

  it('names a credHelpers registry left out without its user info or control characters', async () => {
    const auth = Buffer.from(`me:${CANARY}`).toString('base64');
    const plan = await planCredentials({
      dockerConfig: JSON.stringify({
        auths: { 'ghcr.io': { auth } },
        credHelpers: { [`https://me:${CANARY}/x@quay.io\n::warning::x`]: 'desk\u001b[2Jtop' },
      }),
    });
    expect(plan.warnings).toEqual([
      'https://***@quay.io\\n::warning::x is left out: only the credential helper "desk\\u001b[2Jtop" has its login, and kubelet cannot run helpers.',
    ]);
  });
});
