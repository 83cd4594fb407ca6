import {
  InvalidInputError,
  type ProviderPlugin,
  PullSecretError,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { CLI_WORDING, cliWording, inCliWords } from './option-wording.js';

const plugin: ProviderPlugin = {
  name: 'gamma',
  description: 'Gamma.',
  matches: () => false,
  options: [
    { name: 'gamma-key', description: 'Key.', secret: true },
    { name: 'gamma-region', description: 'Region.' },
  ],
  create: () => async () => [],
};

describe('cliWording', () => {
  it('words an option as its flag, a secret provider option as --NAME-file', () => {
    const word = cliWording([plugin]);
    expect(word('gamma-region', 0)).toBe('--gamma-region');
    expect(word('gamma-key', 0)).toBe('--gamma-key-file');
    expect(word('force', 0)).toBe('--force');
    expect(word('namespaces', 0)).toBe('-n');
    expect(word('password', 0)).toBe('--password-stdin');
    expect(cliWording([plugin], { 'password-file': 'pw.txt' })('password', 0)).toBe('--password-file');
    expect(CLI_WORDING('azure-client-secret', 0)).toBe('--azure-client-secret-file');
    expect(CLI_WORDING('request-timeout', 0)).toBe('--request-timeout');
  });
});

describe('inCliWords', () => {
  it('gives the same kind of error, in flags, keeping code and fields', () => {
    const error = new InvalidInputError('X', 'Set {{gamma-key}}.', {
      hint: 'Or {{force}}.',
      fields: { option: 'gamma-key' },
    });
    const worded = inCliWords(error, cliWording([plugin])) as InvalidInputError;
    expect(worded).toBeInstanceOf(InvalidInputError);
    expect(worded).toMatchObject({
      code: 'X',
      message: 'Set --gamma-key-file.',
      hint: 'Or --force.',
      fields: { option: 'gamma-key' },
    });
  });

  it('returns anything else as it is', () => {
    const plain = new Error('x');
    expect(inCliWords(plain)).toBe(plain);
    const unworded = new InvalidInputError('Y', 'Nothing to word.');
    expect(inCliWords(unworded)).toBe(unworded);
  });
});

describe('cliWording', () => {
  it('words each option as its flag', () => {
    expect(
      ['force', 'replace', 'namespaces', 'all-namespaces', 'namespace-selector', 'kubeconfig', 'context'].map(
        (option) => CLI_WORDING(option, 0),
      ),
    ).toEqual([
      '--force',
      '--replace',
      '-n',
      '--all-namespaces',
      '--namespace-selector',
      '--kubeconfig',
      '--context',
    ]);
    expect(
      ['registry', 'exclude-namespaces', 'service-accounts', 'aws-region'].map((option) =>
        CLI_WORDING(option, 0),
      ),
    ).toEqual(['--server', '--exclude-namespace', '--service-account', '--aws-region']);
  });

  it('renders a library error with flags', () => {
    const error = new PullSecretError('X', '{{namespaces}} cannot be combined with {{all-namespaces}}.', {
      hint: 'pass {{force}}',
    });
    expect(error.render(CLI_WORDING)).toEqual({
      message: '-n cannot be combined with --all-namespaces.',
      hint: 'pass --force',
    });
    expect(wordOptions('use {{replace}}', CLI_WORDING)).toBe('use --replace');
  });
});
