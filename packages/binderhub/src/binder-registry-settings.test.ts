import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binderRegistrySettings } from './binder-registry-settings.js';

const settings = (text: string) => binderRegistrySettings(parse(text));

describe('binderRegistrySettings (BinderHub’s DockerRegistry defaults over the chart’s config.json)', () => {
  it('no registry.url: Docker Hub’s key, the v2 API, auth.docker.io tokens, the <token> username', () => {
    expect(settings('registry:\n  password: p\n')).toMatchObject({
      url: 'https://registry-1.docker.io',
      authConfigUrl: 'https://index.docker.io/v1/',
      tokenUrl: 'https://auth.docker.io/token?service=registry.docker.io',
      username: '<token>',
      password: 'p',
      useRegistry: true,
    });
  });

  it('a bare host gets https://; its login is found under the host', () => {
    expect(settings('registry:\n  url: harbor.example.com\n  username: u\n  password: p\n')).toMatchObject({
      url: 'https://harbor.example.com',
      authConfigUrl: 'harbor.example.com',
      tokenUrl: '',
      username: 'u',
    });
  });

  it('*.gcr.io gets its token URL by default; exactly https://gcr.io gets _json_key', () => {
    expect(settings('registry:\n  url: https://gcr.io\n  password: "{}"\n')).toMatchObject({
      tokenUrl: 'https://gcr.io/v2/token?service=gcr.io',
      username: '_json_key',
    });
    expect(settings('registry:\n  url: https://eu.gcr.io\n  password: "{}"\n').username).toBe('<token>');
  });

  it('config.DockerRegistry wins over config.json; under BinderHub it wins over the top level (traitlets’ parent scope)', () => {
    const text =
      'registry:\n  url: https://r.example\n  username: u\n  password: p\nconfig:\n  DockerRegistry:\n    url: https://api.example\n    token_url: https://top/token\n  BinderHub:\n    DockerRegistry:\n      token_url: https://nested/token\n';
    expect(settings(text)).toMatchObject({
      url: 'https://api.example',
      tokenUrl: 'https://nested/token',
      // The login is read from config.json only under the key the url maps to.
      username: '',
      password: '',
    });
  });
});
