import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { actionWording } from './option-wording.js';

describe('actionWording', () => {
  it('words options as inputs, and force and replace as the setting to use', () => {
    expect(['force', 'replace', 'namespaces', 'kubeconfig'].map(actionWording)).toEqual([
      'force: true',
      'merge: false',
      'the input namespaces',
      'the input kubeconfig',
    ]);
    const error = new PullSecretError('X', '{{namespaces}} cannot be combined with {{all-namespaces}}.', {
      hint: 'pass {{force}}',
    });
    expect(error.render(actionWording)).toEqual({
      message: 'the input namespaces cannot be combined with the input all-namespaces.',
      hint: 'pass force: true',
    });
  });
});
