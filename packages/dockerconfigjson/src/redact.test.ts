import { describe, expect, it } from 'vitest';
import { encodeDockerConfigJson } from './encode.js';
import {
  dockerConfigSecretForms,
  REDACTED,
  redactCredential,
  redactText,
  secretForms,
  secretLines,
} from './redact.js';

describe('REDACTED', () => {
  it('is ***', () => {
    expect(REDACTED).toBe('***');
  });
});

describe('redactCredential', () => {
  it('hides password and auth and keeps everything else', () => {
    const expiresAt = new Date(0);
    const credential = {
      registry: 'ghcr.io',
      username: 'u',
      password: 'secret',
      auth: 'dTpzZWNyZXQ=',
      expiresAt,
    };
    expect(redactCredential(credential)).toEqual({
      registry: 'ghcr.io',
      username: 'u',
      password: '***',
      auth: '***',
      expiresAt,
    });
  });

  it('does not add fields that were absent', () => {
    const withoutSecrets: { registry: string; username: string; password?: string } = {
      registry: 'r',
      username: 'u',
    };
    expect(redactCredential(withoutSecrets)).toEqual({ registry: 'r', username: 'u' });
    expect(redactCredential({ registry: 'r', password: 'x' })).not.toHaveProperty('auth');
  });

  it('hides an empty password too (its presence is not itself secret, its value is)', () => {
    expect(redactCredential({ password: '' })).toEqual({ password: '***' });
  });

  it('returns a copy and leaves the original alone', () => {
    const credential = { registry: 'r', username: 'u', password: 'secret' };
    const redacted = redactCredential(credential);
    expect(redacted).not.toBe(credential);
    expect(credential.password).toBe('secret');
  });
});

describe('redactText', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactText('a=hunter2 b=hunter2 c=tok123', ['hunter2', 'tok123'])).toBe('a=*** b=*** c=***');
  });

  it('hides a secret that contains another one whole (longest first)', () => {
    expect(redactText('key=abcdef', ['abc', 'abcdef'])).toBe('key=***');
    expect(redactText('key=abcdef', ['abcdef', 'abc'])).toBe('key=***');
  });

  it('skips secrets shorter than three characters', () => {
    expect(redactText('a b ab abc', ['a', 'ab', ''])).toBe('a b ab abc');
    expect(redactText('a b ab abc', ['abc'])).toBe('a b ab ***');
  });

  it('hides a short secret only as a whole token, never inside an ordinary word', () => {
    expect(redactText('apply apps to app, app-x and "app"', ['app'])).toBe(
      'apply apps to ***, ***-x and "***"',
    );
    expect(redactText('pw=abc1 xabc1 abc1y abc1', ['abc1'])).toBe('pw=*** xabc1 abc1y ***');
    expect(redactText('é-tok1é tok1', ['tok1'])).toBe('é-tok1é ***');
  });

  it('hides a secret of 8 characters or more anywhere, inside words too', () => {
    expect(redactText('xhunter22y and hunter22', ['hunter22'])).toBe('x***y and ***');
  });

  it('treats secrets literally, not as patterns', () => {
    expect(redactText('x=a.b*c y=aXbbc', ['a.b*c'])).toBe('x=*** y=aXbbc');
    expect(redactText('$& $1 done', ['$& $1'])).toBe('*** done');
  });

  it('accepts any iterable and duplicates', () => {
    expect(redactText('one two', new Set(['one', 'one', 'two']))).toBe('*** ***');
    expect(
      redactText(
        'one two',
        (function* () {
          yield 'two';
        })(),
      ),
    ).toBe('one ***');
  });

  it('returns the text unchanged without secrets', () => {
    expect(redactText('nothing here', [])).toBe('nothing here');
  });

  it('hides multi-line secrets', () => {
    expect(redactText('before\nline1\nline2\nafter', ['line1\nline2'])).toBe('before\n***\nafter');
  });
});

describe('secretForms', () => {
  it('lists the password and base64 of username:password', () => {
    expect(secretForms({ username: 'user', password: 'hunter22' })).toEqual([
      'hunter22',
      'dXNlcjpodW50ZXIyMg==',
    ]);
  });

  it('lists the JSON-escaped forms, JavaScript’s and Go’s', () => {
    const forms = secretForms({ username: 'u', password: 'p"a&s<s>\\' });
    expect(forms).toContain('p"a&s<s>\\');
    expect(forms).toContain('p\\"a&s<s>\\\\'); // JSON.stringify
    expect(forms).toContain('p\\"a\\u0026s\\u003cs\\u003e\\\\'); // Go, as in a .dockerconfigjson
  });

  it('lists each long line of a multi-line secret, trimmed', () => {
    const key = '{\n  "type": "service_account",\n  "x": 1,\n  "private_key": "-----BEGIN KEY-----"\r\n}';
    const forms = secretForms({ username: '_json_key', password: key });
    expect(forms).toContain('"type": "service_account",');
    expect(forms).toContain('"private_key": "-----BEGIN KEY-----"');
    expect(forms).not.toContain('"x": 1,'); // 7 characters: too short to hide safely
    expect(forms).not.toContain('{');
  });

  it('covers a Google JSON key in both spellings, _json_key and _json_key_base64', () => {
    const key = '{\n  "type": "service_account",\n  "private_key": "CANARY-key-line-1234"\n}';
    const base64 = Buffer.from(key).toString('base64');
    for (const credential of [
      { username: '_json_key', password: key },
      { username: '_json_key_base64', password: base64 },
    ]) {
      const forms = secretForms(credential);
      expect(forms).toEqual(expect.arrayContaining([key, base64, '"private_key": "CANARY-key-line-1234"']));
      expect(forms).toContain(Buffer.from(`_json_key:${key}`).toString('base64'));
      expect(forms).toContain(Buffer.from(`_json_key_base64:${base64}`).toString('base64'));
    }
  });

  it('lists no empty form and no duplicates', () => {
    const forms = secretForms({ username: 'user', password: '' });
    expect(forms).toEqual([Buffer.from('user:').toString('base64')]);
    const plain = secretForms({ username: 'u', password: 'plainpassword' });
    expect(new Set(plain).size).toBe(plain.length);
  });

  it('covers every form of the secret in an encoded .dockerconfigjson', () => {
    const credential = { registry: 'ghcr.io', username: 'u', password: 'CANARY-s3cr3t&<x>"\n\u2028' };
    const json = encodeDockerConfigJson([credential]);
    const redacted = redactText(json, secretForms(credential));
    expect(redacted).toBe('{"auths":{"ghcr.io":{"username":"u","password":"***","auth":"***"}}}');
  });
});

describe('secretLines', () => {
  it('gives the value and each trimmed line of 8 characters or more, once', () => {
    expect(secretLines('{\n  "private_key": "abc",\n  "x": 1\n}')).toEqual([
      '{\n  "private_key": "abc",\n  "x": 1\n}',
      '"private_key": "abc",',
    ]);
    expect(secretLines('single-token-value')).toEqual(['single-token-value']);
    expect(secretLines('')).toEqual([]);
  });
});

describe('dockerConfigSecretForms', () => {
  it("adds the whole .dockerconfigjson as base64 and JSON-escaped to each credential's forms", () => {
    const credentials = [{ registry: 'ghcr.io', username: 'me', password: 'p"w&x' }];
    const config = encodeDockerConfigJson(credentials);
    const forms = dockerConfigSecretForms(credentials);
    for (const form of secretForms(credentials[0]!)) expect(forms).toContain(form);
    expect(forms).toContain(Buffer.from(config).toString('base64'));
    expect(forms).toContain(JSON.stringify(config).slice(1, -1));
    expect(new Set(forms).size).toBe(forms.length);
    expect(dockerConfigSecretForms([])).toEqual([]);
  });
});
