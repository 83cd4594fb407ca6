import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Docker Hub',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' },
        },
      ],
    ],
    [
      'a scope with commas inside quotes, and an error',
      'Bearer realm="https://r.example/token",service="r.example",scope="repository:team/app:pull,push",error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://r.example/token',
            service: 'r.example',
            scope: 'repository:team/app:pull,push',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    [
      'no service',
      'Bearer realm="https://ghcr.io/token"',
      [{ scheme: 'bearer', params: { realm: 'https://ghcr.io/token' } }],
    ],
    [
      'two challenges in one header, the scheme in other case, unquoted values, spaces',
      'basic realm="Harbor, the registry" ,  BEARER realm=https://h.example/service/token , service = harbor-registry',
      [
        { scheme: 'basic', params: { realm: 'Harbor, the registry' } },
        {
          scheme: 'bearer',
          params: { realm: 'https://h.example/service/token', service: 'harbor-registry' },
        },
      ],
    ],
    [
      'escaped quotes and backslashes',
      'Basic realm="say \\"hi\\", a\\\\b", charset="UTF-8"',
      [{ scheme: 'basic', params: { realm: 'say "hi", a\\b', charset: 'UTF-8' } }],
    ],
    [
      'a token68 challenge before a Bearer one',
      'Negotiate YIIB9gYGKwYBBQUCoIIB6jCCAeagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==, Bearer realm="https://t.example/"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'bearer', params: { realm: 'https://t.example/' } },
      ],
    ],
    ['an empty header', '', []],
    ['a bare scheme', 'Basic', [{ scheme: 'basic', params: {} }]],
    [
      'an unterminated quote keeps what there is',
      'Bearer realm="https://t.example/token',
      [{ scheme: 'bearer', params: { realm: 'https://t.example/token' } }],
    ],
  ])('%s', (_name, header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});
