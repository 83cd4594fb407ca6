import { PullSecretError, wordOptions } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { cliWording } from './option-wording.js';

describe('cliWording', () => {
  it('words each option as its flag', () => {
    expect(
      ['force', 'replace', 'namespaces', 'all-namespaces', 'namespace-selector', 'kubeconfig', 'context'].map(
        cliWording,
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
    expect(['registry', 'exclude-namespaces', 'service-accounts', 'aws-region'].map(cliWording)).toEqual([
      '--server',
      '--exclude-namespace',
      '--service-account',
      '--aws-region',
    ]);
  });

  it('renders a library error with flags', () => {
    const error = new PullSecretError('X', '{{namespaces}} cannot be combined with {{all-namespaces}}.', {
      hint: 'pass {{force}}',
    });
    expect(error.render(cliWording)).toEqual({
      message: '-n cannot be combined with --all-namespaces.',
      hint: 'pass --force',
    });
    expect(wordOptions('use {{replace}}', cliWording)).toBe('use --replace');
  });
});
