import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jupyterHubValues } from './jupyterhub-values.js';

const credential = {
  registry: 'registry.example.com:5000',
  username: 'robot$pull',
  password: 'CANARY-p: "x" #y',
};

describe('jupyterHubValues', () => {
  it('makes imagePullSecret with create: true, and lists existing Secrets', () => {
    const { values, yaml } = jupyterHubValues(credential, { existingSecrets: ['regcred'] });
    expect(values).toEqual({
      imagePullSecret: { create: true, ...credential },
      imagePullSecrets: ['regcred'],
    });
    expect(parse(yaml)).toEqual(values);
    expect(yaml).toContain('username: "robot$pull"');
  });

  it('nests under jupyterhub: for BinderHub', () => {
    const { values } = jupyterHubValues(credential, { forBinderHub: true });
    expect(Object.keys(values)).toEqual(['jupyterhub']);
  });

  it('keeps a multi-line password (a JSON key) as a literal block scalar, byte for byte', () => {
    const password = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN…\\n"\n}\n';
    const { yaml } = jupyterHubValues({ registry: 'gcr.io', username: '_json_key', password });
    expect(yaml).toMatch(/password: \|/);
    expect(parse(yaml).imagePullSecret.password).toBe(password);
  });

  it('writes the email only when there is one, never a null', () => {
    const { yaml } = jupyterHubValues(credential);
    expect(yaml).not.toContain('email');
    expect(yaml).not.toContain('null');
  });

  it('refuses an invalid Secret name, and nothing at all', () => {
    expect(() => jupyterHubValues(undefined, { existingSecrets: ['Bad_Name'] })).toThrow(
      '"Bad_Name" is not a valid Secret name.',
    );
    expect(() => jupyterHubValues(undefined)).toThrow('There is no credential and no Secret name');
  });

  it('refuses a control character the chart would render as invalid JSON, without showing the value', () => {
    expect(() => jupyterHubValues({ ...credential, password: 'CANARY\u0001x' })).toThrow(
      'The password holds a control character that the JupyterHub chart would write into the Secret as invalid JSON.',
    );
    // Newlines and tabs are JSON escapes in Go too: a JSON key passes.
    expect(() => jupyterHubValues({ ...credential, password: 'a\n\tb' })).not.toThrow();
  });
});
