import { InvalidInputError, type ProviderPlugin } from '@pull-secret/dockerconfigjson';
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
    expect(word('gamma-region')).toBe('--gamma-region');
    expect(word('gamma-key')).toBe('--gamma-key-file');
    expect(word('force')).toBe('--force');
    expect(word('namespaces')).toBe('--namespace');
    expect(CLI_WORDING('azure-client-secret')).toBe('--azure-client-secret-file');
    expect(CLI_WORDING('request-timeout')).toBe('--request-timeout');
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
