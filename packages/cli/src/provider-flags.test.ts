import type { ProviderContext, ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { CREDENTIAL_FLAGS } from './credential-flags.js';
import { parseFlags } from './flags.js';
import { providerFlagSpecs, readProvidedCredentials } from './provider-flags.js';

const CANARY = 'CANARY-provider-91ad';

/** A plugin defined by the test: it records what the CLI handed it and returns one login per registry. */
function recordingPlugin(name: string, suffix: string, seen: ProviderContext[]): ProviderPlugin {
  return {
    name,
    description: `${name} for tests`,
    matches: (host) => host.endsWith(suffix),
    options: [
      { name: `${name}-region`, description: 'Region.', env: [`${name.toUpperCase()}_REGION`] },
      { name: `${name}-key`, description: 'Key.', secret: true, env: [`${name.toUpperCase()}_KEY`] },
    ],
    create: (context) => {
      seen.push(context);
      return async () =>
        context.registries.map((registry) => ({
          registry,
          username: name,
          password: `${CANARY}-${context.options[`${name}-key`] ?? 'none'}`,
          expiresAt: new Date('2030-01-01T00:00:00Z'),
        }));
    },
  };
}

function testIo(files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const remembered: string[] = [];
  let stderr = '';
  const io: CliIo = {
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => files['-'] ?? '',
    readFile: async (path) => files[path] ?? Promise.reject(new Error(`ENOENT: ${path}`)),
    env,
    stderrIsTTY: false,
    rememberSecrets: (forms) => remembered.push(...forms),
  };
  return { io, remembered, stderr: () => stderr };
}

function setup() {
  const seen: ProviderContext[] = [];
  const plugins = [
    recordingPlugin('alpha', '.alpha.test', seen),
    recordingPlugin('beta', '.beta.test', seen),
  ];
  const specs = { ...CREDENTIAL_FLAGS, ...providerFlagSpecs(plugins) };
  return { seen, plugins, parse: (args: string[]) => parseFlags('create', args, specs).values };
}

describe('readProvidedCredentials', () => {
  it('detects each registry host and groups registries by the plugin that serves them', async () => {
    const { seen, plugins, parse } = setup();
    const { io } = testIo();
    const values = parse([
      '--registry',
      'a.alpha.test',
      '--registry',
      'https://b.beta.test/v2/',
      '--registry',
      'c.alpha.test',
    ]);
    const result = await readProvidedCredentials(values, io, plugins);
    expect(result.provider).toBe('alpha,beta');
    expect(result.credentials.map((c) => `${c.username}:${c.registry}`)).toEqual([
      'alpha:a.alpha.test',
      'alpha:c.alpha.test',
      'beta:https://b.beta.test/v2/',
    ]);
    expect(seen.map((context) => context.registries)).toEqual([
      ['a.alpha.test', 'c.alpha.test'],
      ['https://b.beta.test/v2/'],
    ]);
  });

  it('passes flag values, then env fallbacks, and reads a secret option from its file flag only', async () => {
    const { seen, plugins, parse } = setup();
    const { io, remembered } = testIo({ 'key.txt': 'k3y\n' }, { ALPHA_REGION: 'from-env' });
    await readProvidedCredentials(
      parse(['--registry', 'a.alpha.test', '--alpha-key-file', 'key.txt']),
      io,
      plugins,
    );
    expect(seen[0]?.options).toEqual({ 'alpha-region': 'from-env', 'alpha-key': 'k3y' });
    expect(remembered).toContain('k3y');
    expect(remembered).toContain(`${CANARY}-k3y`);
    expect(() => parse(['--alpha-key', 'plain'])).toThrow('Unknown flag');
  });

  it('hides a secret option that came from the environment, and each long line of it', async () => {
    const { seen, plugins, parse } = setup();
    const key = `{\n  "private_key": "${CANARY}-line"\n}`;
    const { io, remembered } = testIo({}, { ALPHA_KEY: key });
    await readProvidedCredentials(parse(['--registry', 'a.alpha.test']), io, plugins);
    expect(seen[0]?.options['alpha-key']).toBe(key);
    expect(remembered).toEqual(expect.arrayContaining([key, `"private_key": "${CANARY}-line"`]));
  });

  it('makes a switch option a bare flag that reaches the provider as true or false', async () => {
    const seen: ProviderContext[] = [];
    const plugin = recordingPlugin('gamma', '.gamma.test', seen);
    const withSwitch: ProviderPlugin = {
      ...plugin,
      options: [
        ...plugin.options,
        {
          name: 'gamma-push',
          description: 'Push too.',
          choices: ['true', 'false'],
          default: 'false',
          boolean: true,
        },
      ],
    };
    const specs = { ...CREDENTIAL_FLAGS, ...providerFlagSpecs([withSwitch]) };
    expect(specs['gamma-push']).toEqual({ type: 'boolean', description: '[gamma] Push too.' });
    for (const [args, value] of [
      [['--gamma-push'], 'true'],
      [['--gamma-push=false'], 'false'],
      [[], 'false'],
    ] as const) {
      const values = parseFlags('create', ['--registry', 'a.gamma.test', ...args], specs).values;
      await readProvidedCredentials(values, testIo().io, [withSwitch]);
      expect(seen.at(-1)?.options['gamma-push']).toBe(value);
    }
  });

  it('uses the static login when --username is given, or with --provider static', async () => {
    const { seen, plugins, parse } = setup();
    const { io } = testIo({ '-': 'pw' });
    const result = await readProvidedCredentials(
      parse(['--registry', 'a.alpha.test', '--username', 'me', '--password-stdin']),
      io,
      plugins,
    );
    expect(result).toMatchObject({
      provider: 'static',
      credentials: [{ registry: 'a.alpha.test', username: 'me' }],
    });
    expect(seen).toEqual([]);
  });

  it('says which hosts no provider serves, and how to log in instead', async () => {
    const { plugins, parse } = setup();
    await expect(
      readProvidedCredentials(parse(['--registry', 'ghcr.io']), testIo().io, plugins),
    ).rejects.toThrow(
      expect.objectContaining({
        message: 'No provider serves ghcr.io, and no username was given.',
        hint: expect.stringContaining('username and a password'),
      }),
    );
  });

  it('refuses an unknown --provider and a flag of a provider not in use', async () => {
    const { plugins, parse } = setup();
    await expect(
      readProvidedCredentials(parse(['--provider', 'gamma', '--registry', 'x']), testIo().io, plugins),
    ).rejects.toThrow('Unknown provider "gamma".');
    await expect(
      readProvidedCredentials(
        parse(['--registry', 'a.alpha.test', '--beta-region', 'r']),
        testIo().io,
        plugins,
      ),
    ).rejects.toThrow('--beta-region belongs to the beta provider, which is not in use here.');
  });

  it('accepts an option two plugins share when either is in use, and lists both in its help', async () => {
    const seen: ProviderContext[] = [];
    const shared = (name: string, suffix: string): ProviderPlugin => ({
      ...recordingPlugin(name, suffix, seen),
      options: [{ name: 'family-region', description: 'Region.' }],
    });
    const plugins = [shared('one', '.one.test'), shared('two', '.two.test')];
    const specs = { ...CREDENTIAL_FLAGS, ...providerFlagSpecs(plugins) };
    expect(specs['family-region']!.description).toBe('[one, two] Region.');
    const values = parseFlags('create', ['--registry', 'a.two.test', '--family-region', 'r1'], specs).values;
    const result = await readProvidedCredentials(values, testIo().io, plugins);
    expect(result.provider).toBe('two');
    expect(seen[0]!.options).toEqual({ 'family-region': 'r1' });
  });

  it('refuses static-login flags the provider would silently replace', async () => {
    const { plugins, parse } = setup();
    for (const args of [
      ['--registry', 'a.alpha.test', '--password-stdin'],
      ['--registry', 'a.alpha.test', '--email', 'me@example.com'],
      ['--provider', 'alpha', '--registry', 'a.alpha.test', '--username', 'me'],
      ['--provider', 'alpha', '--registry', 'a.alpha.test', '--from-docker-config', 'c.json'],
    ]) {
      await expect(
        readProvidedCredentials(parse(args), testIo().io, plugins),
        args.join(' '),
      ).rejects.toThrow(
        /^--(password-stdin|email|username|from-docker-config) is for a static login, but the alpha provider makes this one\.$/,
      );
    }
  });

  it('names a missing required option the way the CLI takes it: --NAME, or --NAME-file for a secret', async () => {
    const plugin: ProviderPlugin = {
      name: 'gamma',
      description: 'needs a secret',
      matches: (host) => host.endsWith('.gamma.test'),
      options: [{ name: 'gamma-key', description: 'Key.', secret: true, required: true, env: ['GAMMA_KEY'] }],
      create: () => async () => [],
    };
    const specs = { ...CREDENTIAL_FLAGS, ...providerFlagSpecs([plugin]) };
    await expect(
      readProvidedCredentials(
        parseFlags('create', ['--registry', 'x.gamma.test'], specs).values,
        testIo().io,
        [plugin],
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        message: 'The gamma provider needs --gamma-key-file.',
        hint: 'Set --gamma-key-file or GAMMA_KEY.',
      }),
    );
  });
});
