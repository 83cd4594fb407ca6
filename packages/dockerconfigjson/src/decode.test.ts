import { describe, expect, it } from 'vitest';
import { b64, CANARY, expectNoLeak, thrown } from '../test/invalid-input.js';
import { decodeDockerConfig, goJsonField, isPlainObject, parseJsonObject } from './decode.js';

describe('decodeDockerConfig', () => {
  it('reads a .dockerconfigjson ({"auths":…}) written by kubectl', () => {
    const text =
      '{"auths":{"ghcr.io":{"username":"a\\u003cb","password":"p:a\\u0026ss","auth":"YTxiOnA6YSZzcw=="}}}';
    expect(decodeDockerConfig(text)).toEqual([{ registry: 'ghcr.io', username: 'a<b', password: 'p:a&ss' }]);
  });

  it('reads a legacy .dockercfg (no auths wrapper)', () => {
    const text = JSON.stringify({
      'https://index.docker.io/v1/': { auth: b64('hub:pw'), email: 'me@example.com' },
      'quay.io': { username: 'q', password: 'qp' },
    });
    expect(decodeDockerConfig(text)).toEqual([
      { registry: 'https://index.docker.io/v1/', username: 'hub', password: 'pw', email: 'me@example.com' },
      { registry: 'quay.io', username: 'q', password: 'qp' },
    ]);
  });

  it('keeps file order and the keys exactly as written', () => {
    const text = JSON.stringify({
      auths: {
        'z.example': { auth: b64('z:z') },
        'HTTPS://A.Example/v2/': { auth: b64('a:a') },
        'localhost:5000': { auth: b64('l:l') },
      },
    });
    expect(decodeDockerConfig(text).map((credential) => credential.registry)).toEqual([
      'z.example',
      'HTTPS://A.Example/v2/',
      'localhost:5000',
    ]);
  });

  it('lets a non-empty auth win over username and password, as kubelet does', () => {
    const text = JSON.stringify({
      auths: { r: { username: 'ignored', password: 'ignored', auth: b64('real:secret') } },
    });
    expect(decodeDockerConfig(text)).toEqual([{ registry: 'r', username: 'real', password: 'secret' }]);
  });

  it('uses username and password when auth is empty, missing or null', () => {
    for (const auth of ['', undefined, null]) {
      const text = JSON.stringify({ auths: { r: { username: 'u', password: 'p', auth } } });
      expect(decodeDockerConfig(text)).toEqual([{ registry: 'r', username: 'u', password: 'p' }]);
    }
  });

  it('reads missing or null fields as empty', () => {
    expect(decodeDockerConfig('{"auths":{"r":{}}}')).toEqual([{ registry: 'r', username: '', password: '' }]);
    expect(
      decodeDockerConfig('{"auths":{"r":{"username":null,"password":null,"email":null,"auth":null}}}'),
    ).toEqual([{ registry: 'r', username: '', password: '' }]);
  });

  it('decodes padded and unpadded auth', () => {
    const padded = b64('user:pass1'); // "dXNlcjpwYXNzMQ=="
    expect(padded.endsWith('==')).toBe(true);
    const unpadded = padded.replace(/=+$/, '');
    for (const auth of [padded, unpadded]) {
      expect(decodeDockerConfig(JSON.stringify({ auths: { r: { auth } } }))).toEqual([
        { registry: 'r', username: 'user', password: 'pass1' },
      ]);
    }
  });

  it('splits auth at the first colon', () => {
    expect(decodeDockerConfig(JSON.stringify({ auths: { r: { auth: b64('us:er:pa:ss') } } }))).toEqual([
      { registry: 'r', username: 'us', password: 'er:pa:ss' },
    ]);
    expect(decodeDockerConfig(JSON.stringify({ auths: { r: { auth: b64(':token') } } }))).toEqual([
      { registry: 'r', username: '', password: 'token' },
    ]);
    expect(decodeDockerConfig(JSON.stringify({ auths: { r: { auth: b64('user:') } } }))).toEqual([
      { registry: 'r', username: 'user', password: '' },
    ]);
  });

  it('decodes auth as UTF-8', () => {
    expect(decodeDockerConfig(JSON.stringify({ auths: { r: { auth: b64('é:😀\n\u2028') } } }))).toEqual([
      { registry: 'r', username: 'é', password: '😀\n\u2028' },
    ]);
  });

  it('keeps email only when it is non-empty', () => {
    const text = JSON.stringify({
      auths: { a: { auth: b64('u:p'), email: 'e@x' }, b: { auth: b64('u:p'), email: '' } },
    });
    const [a, b] = decodeDockerConfig(text);
    expect(a).toEqual({ registry: 'a', username: 'u', password: 'p', email: 'e@x' });
    expect(b).toEqual({ registry: 'b', username: 'u', password: 'p' });
    expect(b).not.toHaveProperty('email');
  });

  it('ignores fields it does not know', () => {
    const text = JSON.stringify({
      auths: { r: { auth: b64('u:p'), identitytoken: 'tok', serveraddress: 'x', extra: 5 } },
      credsStore: 'desktop',
    });
    expect(decodeDockerConfig(text)).toEqual([{ registry: 'r', username: 'u', password: 'p' }]);
  });

  it('returns no credentials for empty auths', () => {
    expect(decodeDockerConfig('{"auths":{}}')).toEqual([]);
    expect(decodeDockerConfig('{}')).toEqual([]);
  });

  it('reads "auths": null as no credentials, as kubelet does', () => {
    expect(decodeDockerConfig('{"auths":null}')).toEqual([]);
  });

  describe("matches field names as Go's encoding/json does (ignoring case)", () => {
    it('reads Username, PASSWORD, Email and Auth', () => {
      expect(
        decodeDockerConfig(JSON.stringify({ auths: { r: { Username: 'u', PASSWORD: 'p', Email: 'e@x' } } })),
      ).toEqual([{ registry: 'r', username: 'u', password: 'p', email: 'e@x' }]);
      expect(
        decodeDockerConfig(JSON.stringify({ auths: { r: { Auth: b64('x:y'), username: 'u' } } })),
      ).toEqual([{ registry: 'r', username: 'x', password: 'y' }]);
    });

    it('reads an "Auths" wrapper', () => {
      expect(decodeDockerConfig(JSON.stringify({ Auths: { r: { auth: b64('u:p') } } }))).toEqual([
        { registry: 'r', username: 'u', password: 'p' },
      ]);
    });

    it('folds U+017F (long s) to s, as Go does', () => {
      expect(
        decodeDockerConfig(JSON.stringify({ auths: { r: { u\u017fername: 'u', pa\u017f\u017fword: 'p' } } })),
      ).toEqual([{ registry: 'r', username: 'u', password: 'p' }]);
    });

    it('lets the later of two keys win and skips null', () => {
      const text = '{"auths":{"r":{"username":"first","USERNAME":"second","password":"p","Password":null}}}';
      expect(decodeDockerConfig(text)).toEqual([{ registry: 'r', username: 'second', password: 'p' }]);
    });

    it('does not fold other look-alikes (Turkish dotless i is not i)', () => {
      expect(decodeDockerConfig(JSON.stringify({ auths: { r: { ema\u0131l: 'x', email: '' } } }))).toEqual([
        { registry: 'r', username: '', password: '' },
      ]);
    });
  });

  describe('format option', () => {
    it('dockerconfigjson: reads only auths, and a file without it holds no credentials', () => {
      expect(
        decodeDockerConfig(JSON.stringify({ r: { auth: b64('u:p') } }), { format: 'dockerconfigjson' }),
      ).toEqual([]);
    });

    it('dockercfg: every top-level key is a registry, even "auths"', () => {
      expect(
        decodeDockerConfig(JSON.stringify({ auths: { auth: b64('u:p') } }), { format: 'dockercfg' }),
      ).toEqual([{ registry: 'auths', username: 'u', password: 'p' }]);
    });
  });

  describe('errors', () => {
    it('rejects an auth with a trailing space, naming the registry and not the secret', () => {
      const auth = `${b64(`user:${CANARY}`)} `;
      const error = thrown(() => decodeDockerConfig(JSON.stringify({ auths: { 'ghcr.io': { auth } } })));
      expect(error.code).toBe('DOCKER_CONFIG_BAD_AUTH');
      expect(error.message).toContain('"ghcr.io"');
      expect(error.message).toContain('base64');
      expect(error.hint).toBeTruthy();
      expectNoLeak(error, auth.trim());
    });

    it('rejects an auth that is not base64 at all', () => {
      const error = thrown(() =>
        decodeDockerConfig(JSON.stringify({ auths: { 'quay.io': { auth: `${CANARY}!!` } } })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_BAD_AUTH');
      expect(error.message).toContain('"quay.io"');
      expectNoLeak(error);
    });

    it('rejects an auth without a colon, naming the registry and not the secret', () => {
      const auth = b64(CANARY);
      const error = thrown(() =>
        decodeDockerConfig(JSON.stringify({ auths: { 'reg.example:5000': { auth } } })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_BAD_AUTH');
      expect(error.message).toContain('"reg.example:5000"');
      expect(error.message).toContain('colon');
      expectNoLeak(error, auth);
    });

    it('rejects padded auth with the wrong length and unpadded auth with one character left', () => {
      for (const auth of ['dXNlcjpw=', 'dXNlcjpwY']) {
        expect(thrown(() => decodeDockerConfig(JSON.stringify({ auths: { r: { auth } } }))).code).toBe(
          'DOCKER_CONFIG_BAD_AUTH',
        );
      }
    });

    it('rejects invalid JSON without quoting the input', () => {
      for (const text of [
        `{"auths":{"r":{"password":"${CANARY}"}}`,
        `${CANARY}`,
        `{"auths": ${CANARY}}`,
        '',
      ]) {
        const error = thrown(() => decodeDockerConfig(text));
        expect(error.code).toBe('JSON_INVALID');
        expect(error.message).toMatch(/^The Docker config is not valid JSON/);
        expectNoLeak(error);
      }
    });

    it('gives the position of a JSON error when the engine reports one', () => {
      const error = thrown(() => decodeDockerConfig('{"auths":{"r":{"password":"x",}}}'));
      expect(error.message).toBe('The Docker config is not valid JSON (at character 30).');
    });

    it('does not take a "position" from the quoted input', () => {
      const error = thrown(() => decodeDockerConfig('position 31337'));
      expect(error.message).toBe('The Docker config is not valid JSON.');
      expect(error.message).not.toContain('31337');
    });

    it('rejects JSON that is not an object', () => {
      for (const text of ['[]', '"x"', '42', 'null', 'true']) {
        const error = thrown(() => decodeDockerConfig(text));
        expect(error.code).toBe('JSON_INVALID');
        expect(error.message).toContain('not a JSON object');
      }
    });

    it('rejects auths that is not an object', () => {
      for (const auths of [[], 'x', 5]) {
        const error = thrown(() => decodeDockerConfig(JSON.stringify({ auths })));
        expect(error.code).toBe('DOCKER_CONFIG_INVALID');
        expect(error.message).toContain('"auths"');
      }
    });

    it('rejects an entry that is not an object, naming its registry', () => {
      const error = thrown(() => decodeDockerConfig(JSON.stringify({ auths: { 'ghcr.io': CANARY } })));
      expect(error.code).toBe('DOCKER_CONFIG_INVALID');
      expect(error.message).toContain('"ghcr.io"');
      expectNoLeak(error);
    });

    it('rejects a field that is not a string, naming the field and registry but not the value', () => {
      const error = thrown(() =>
        decodeDockerConfig(JSON.stringify({ auths: { 'ghcr.io': { password: [CANARY] } } })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_INVALID');
      expect(error.message).toBe('Registry "ghcr.io": "password" is not a string.');
      expectNoLeak(error);
    });

    it('stops at the first bad entry even when earlier ones are fine', () => {
      const text = JSON.stringify({ auths: { good: { auth: b64('u:p') }, bad: { auth: b64(CANARY) } } });
      const error = thrown(() => decodeDockerConfig(text));
      expect(error.message).toContain('"bad"');
    });
  });
});

describe('parseJsonObject', () => {
  it('returns the object', () => {
    expect(parseJsonObject('{"a":1}', 'X')).toEqual({ a: 1 });
  });

  it('names what it was reading', () => {
    expect(thrown(() => parseJsonObject('nope', 'The key file')).message).toBe(
      'The key file is not valid JSON.',
    );
    expect(thrown(() => parseJsonObject('[1]', 'The key file')).message).toBe(
      'The key file is not a JSON object.',
    );
  });
});

describe('goJsonField', () => {
  it('returns undefined when no key matches', () => {
    expect(goJsonField({ user: 'x' }, 'username')).toBeUndefined();
  });

  it('matches ASCII case-insensitively, both ways', () => {
    expect(goJsonField({ credsstore: 'a' }, 'credsStore')).toBe('a');
    expect(goJsonField({ CREDSSTORE: 'a' }, 'credsStore')).toBe('a');
  });

  it('folds the Kelvin sign to k', () => {
    expect(goJsonField({ '\u212aey': 'v' }, 'key')).toBe('v');
  });
});

describe('isPlainObject', () => {
  it('is true only for non-array objects', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject('x')).toBe(false);
  });
});
