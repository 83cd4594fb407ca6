import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import {
  assignProviders,
  detectProvider,
  type ProviderPlugin,
  resolveProviderOptions,
} from './provider-plugin.js';
import { staticProvider } from './static-provider.js';

function plugin(name: string, suffix: string): ProviderPlugin {
  return {
    name,
    description: `${name} test plugin`,
    matches: (host) => host.endsWith(suffix),
    options: [
      {
        name: `${name}-region`,
        description: 'Region.',
        env: [`${name.toUpperCase()}_REGION`, 'FALLBACK_REGION'],
      },
      { name: `${name}-auth`, description: 'How.', choices: ['a', 'b'], default: 'a' },
      { name: `${name}-key`, description: 'Key.', secret: true, choices: ['k1'] },
      { name: `${name}-account`, description: 'Account.', required: true, env: ['ACCOUNT'] },
    ],
    create: () => staticProvider([]),
  };
}

describe('resolveProviderOptions', () => {
  const x = plugin('x', '.x.test');

  it('takes given values first, then env variables in order, then the default', () => {
    expect(resolveProviderOptions(x, { 'x-account': '1', 'x-region': 'given' }, { X_REGION: 'env' })).toEqual(
      {
        'x-region': 'given',
        'x-auth': 'a',
        'x-key': undefined,
        'x-account': '1',
      },
    );
    expect(resolveProviderOptions(x, {}, { FALLBACK_REGION: 'second', ACCOUNT: '2' })['x-region']).toBe(
      'second',
    );
    expect(
      resolveProviderOptions(x, {}, { X_REGION: 'first', FALLBACK_REGION: 'second', ACCOUNT: '2' })[
        'x-region'
      ],
    ).toBe('first');
  });

  it('treats an empty value as not given, as the Action passes unset inputs as ""', () => {
    expect(
      resolveProviderOptions(x, { 'x-region': '', 'x-account': '1' }, { X_REGION: 'env' })['x-region'],
    ).toBe('env');
  });

  it('names the option and its env variables when a required option is missing', () => {
    let error: InvalidInputError | undefined;
    try {
      resolveProviderOptions(x, {}, {});
    } catch (caught) {
      error = caught as InvalidInputError;
    }
    expect(error).toMatchObject({
      code: 'MISSING_PROVIDER_OPTION',
      message: 'The x provider needs the x-account option.',
      hint: 'Set the x-account option or ACCOUNT.',
      fields: { option: 'x-account', provider: 'x' },
    });
    // The CLI names its flags, the Action its inputs: each words the {{x-account}} placeholder.
    expect(error!.render((option) => `--${option}-file`)).toEqual({
      message: 'The x provider needs --x-account-file.',
      hint: 'Set --x-account-file or ACCOUNT.',
    });
    expect(error!.render((option) => `the input ${option}`).message).toBe(
      'The x provider needs the input x-account.',
    );
  });

  it('refuses a value outside the choices, and never repeats a secret value', () => {
    let refused: InvalidInputError | undefined;
    try {
      resolveProviderOptions(x, { 'x-account': '1', 'x-auth': 'c' }, {});
    } catch (caught) {
      refused = caught as InvalidInputError;
    }
    expect(refused?.render((option) => option).message).toBe('x-auth must be one of a, b, not "c".');
    expect(refused?.render((option) => `--${option}`).message).toBe('--x-auth must be one of a, b, not "c".');
    let error: unknown;
    try {
      resolveProviderOptions(x, { 'x-account': '1', 'x-key': 'CANARY-secret' }, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(JSON.stringify({ ...(error as Error), message: (error as Error).message })).not.toContain(
      'CANARY',
    );
  });

  it('refuses an option the plugin does not declare', () => {
    expect(() => resolveProviderOptions(x, { 'y-region': 'r', 'x-account': '1' }, {})).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PROVIDER_OPTION' }),
    );
  });
});

describe('detectProvider', () => {
  it('returns the first plugin that matches the host, or undefined', () => {
    const plugins = [plugin('x', '.x.test'), plugin('y', '.y.test'), plugin('z', '.y.test')];
    expect(detectProvider(plugins, 'r.y.test')?.name).toBe('y');
    expect(detectProvider(plugins, 'ghcr.io')).toBeUndefined();
  });
});

describe('assignProviders', () => {
  const plugins = [plugin('x', '.x.test'), plugin('y', '.y.test')];

  it('groups registries by the plugin that serves their host, in the order given', () => {
    const assigned = assignProviders(plugins, 'auto', ['a.x.test', 'https://b.y.test/v2/', 'c.x.test/team']);
    expect(assigned.map(({ plugin, registries }) => [plugin.name, registries])).toEqual([
      ['x', ['a.x.test', 'c.x.test/team']],
      ['y', ['https://b.y.test/v2/']],
    ]);
  });

  it('gives every registry to a named plugin, even one it would not detect', () => {
    expect(assignProviders(plugins, 'y', ['a.x.test'])).toEqual([
      { plugin: plugins[1], registries: ['a.x.test'] },
    ]);
  });

  it('says which registry no plugin serves, and which plugin names exist', () => {
    expect(() => assignProviders(plugins, 'auto', ['a.x.test', 'ghcr.io'])).toThrow(
      expect.objectContaining({
        code: 'NO_PROVIDER_FOR_REGISTRY',
        message: 'No provider serves ghcr.io, and no username was given.',
      }),
    );
    try {
      assignProviders(plugins, 'auto', ['ghcr.io']);
    } catch (error) {
      const hint = (error as InvalidInputError).render((option) => `--${option}`).hint;
      expect(hint).toBe(
        'For a plain login give a username and a password (--username, --password); or name a provider with --provider (x, y).',
      );
      expect((error as InvalidInputError).hint).not.toContain('--');
    }
    expect(() => assignProviders(plugins, 'z', [])).toThrow(
      expect.objectContaining({ message: 'Unknown provider "z".', hint: 'Providers: auto, static, x, y.' }),
    );
  });
});
