import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RegistryCredential } from './credential.js';
import { encodeAuth, encodeDockerConfigJson } from './encode.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('encodeDockerConfigJson', () => {
  it('writes the bytes kubectl create secret docker-registry writes', () => {
    expect(encodeDockerConfigJson([{ registry: 'ghcr.io', username: 'a<b', password: 'p:a&ss' }])).toBe(
      '{"auths":{"ghcr.io":{"username":"a\\u003cb","password":"p:a\\u0026ss","auth":"YTxiOnA6YSZzcw=="}}}',
    );
  });

  it('writes every C0 control character, quote, backslash and HTML character as kubectl does', () => {
    const controls = Array.from({ length: 0x1f }, (_, i) => String.fromCharCode(i + 1)).join('');
    const json = encodeDockerConfigJson([
      { registry: 'r', username: `${controls} \u007f`, password: '<>&"\\/' },
    ]);
    // Captured from kubectl v1.32 (Go 1.23).
    expect(json).toBe(
      '{"auths":{"r":{"username":"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r' +
        '\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b' +
        '\\u001c\\u001d\\u001e\\u001f \u007f","password":"\\u003c\\u003e\\u0026\\"\\\\/",' +
        '"auth":"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyB/Ojw+JiJcLw=="}}}',
    );
  });

  it('escapes U+2028/U+2029 and keeps other non-ASCII raw, as kubectl does', () => {
    const json = encodeDockerConfigJson([
      {
        registry: 'https://index.docker.io/v1/',
        username: '\u2028\u2029é中😀\ufeff',
        password: '\u00a0\u0085',
      },
    ]);
    expect(json).toBe(
      '{"auths":{"https://index.docker.io/v1/":{"username":"\\u2028\\u2029é中😀\ufeff",' +
        '"password":"\u00a0\u0085","auth":"4oCo4oCpw6nkuK3wn5iA77u/OsKgwoU="}}}',
    );
  });

  it('writes a lone surrogate as \\ufffd and its auth as the UTF-8 of U+FFFD', () => {
    const json = encodeDockerConfigJson([{ registry: 'r', username: 'a\ud800b', password: 'p' }]);
    expect(json).toBe(
      `{"auths":{"r":{"username":"a\\ufffdb","password":"p","auth":"${b64('a\ufffdb:p')}"}}}`,
    );
  });

  it('writes email only when it is non-empty, between password and auth', () => {
    expect(
      encodeDockerConfigJson([
        { registry: 'Ghcr.IO:5000/Path', username: 'u', password: 'p', email: 'a<b>@x&y' },
      ]),
    ).toBe(
      '{"auths":{"Ghcr.IO:5000/Path":{"username":"u","password":"p","email":"a\\u003cb\\u003e@x\\u0026y","auth":"dTpw"}}}',
    );
    expect(encodeDockerConfigJson([{ registry: 'r', username: 'u', password: 'p', email: '' }])).toBe(
      '{"auths":{"r":{"username":"u","password":"p","auth":"dTpw"}}}',
    );
    expect(encodeDockerConfigJson([{ registry: 'r', username: 'u', password: 'p' }])).not.toContain('email');
  });

  it('leaves out an empty username or password (omitempty) but always writes auth', () => {
    expect(encodeDockerConfigJson([{ registry: 'r', username: '', password: 'tok' }])).toBe(
      `{"auths":{"r":{"password":"tok","auth":"${b64(':tok')}"}}}`,
    );
    expect(encodeDockerConfigJson([{ registry: 'r', username: 'u', password: '' }])).toBe(
      `{"auths":{"r":{"username":"u","auth":"${b64('u:')}"}}}`,
    );
    expect(encodeDockerConfigJson([{ registry: 'r', username: '', password: '' }])).toBe(
      '{"auths":{"r":{"auth":"Og=="}}}',
    );
  });

  it("uses Docker Hub's key when the registry is empty", () => {
    expect(encodeDockerConfigJson([{ registry: '', username: 'u', password: 'p' }])).toBe(
      '{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","auth":"dTpw"}}}',
    );
  });

  it('writes the registry key verbatim (no normalisation) but Go-escaped', () => {
    expect(
      encodeDockerConfigJson([{ registry: 'HTTPS://Reg<1>.example/v2/', username: 'u', password: 'p' }]),
    ).toBe(
      '{"auths":{"HTTPS://Reg\\u003c1\\u003e.example/v2/":{"username":"u","password":"p","auth":"dTpw"}}}',
    );
  });

  it('sorts several registries in Go byte order, not input order or UTF-16 order', () => {
    const cred = (registry: string): RegistryCredential => ({ registry, username: 'u', password: 'p' });
    const json = encodeDockerConfigJson(
      ['z.io', '\uff5e.example', '😀.example', 'ghcr.io', 'Ghcr.io', '127.0.0.1:5000', ''].map(cred),
    );
    const keys = Object.keys((JSON.parse(json) as { auths: object }).auths);
    expect(keys).toEqual([
      '127.0.0.1:5000',
      'Ghcr.io',
      'ghcr.io',
      'https://index.docker.io/v1/',
      'z.io',
      '\uff5e.example',
      '😀.example',
    ]);
    // and the text itself is in that order (JSON.parse would reorder integer-like keys, so check the bytes)
    expect(json.indexOf('"127.0.0.1:5000"')).toBeLessThan(json.indexOf('"Ghcr.io"'));
    expect(json.indexOf('"\uff5e.example"')).toBeLessThan(json.indexOf('"😀.example"'));
  });

  it('lets a later credential for the same key win, and treats "" and the Docker Hub key as one key', () => {
    expect(
      encodeDockerConfigJson([
        { registry: 'ghcr.io', username: 'old', password: 'old' },
        { registry: 'ghcr.io', username: 'new', password: 'new' },
      ]),
    ).toBe(`{"auths":{"ghcr.io":{"username":"new","password":"new","auth":"${b64('new:new')}"}}}`);
    expect(
      encodeDockerConfigJson([
        { registry: 'https://index.docker.io/v1/', username: 'old', password: 'old' },
        { registry: '', username: 'new', password: 'new' },
      ]),
    ).toBe(
      `{"auths":{"https://index.docker.io/v1/":{"username":"new","password":"new","auth":"${b64('new:new')}"}}}`,
    );
  });

  it('writes an empty auths object for no credentials', () => {
    expect(encodeDockerConfigJson([])).toBe('{"auths":{}}');
  });

  it('ignores expiresAt', () => {
    expect(
      encodeDockerConfigJson([{ registry: 'r', username: 'u', password: 'p', expiresAt: new Date(0) }]),
    ).toBe('{"auths":{"r":{"username":"u","password":"p","auth":"dTpw"}}}');
  });

  it('does not mutate its input', () => {
    const input: RegistryCredential[] = [
      { registry: 'b', username: 'u', password: 'p' },
      { registry: 'a', username: 'u', password: 'p' },
    ];
    const before = structuredClone(input);
    encodeDockerConfigJson(input);
    expect(input).toEqual(before);
  });
});

describe('encodeAuth', () => {
  it('is padded standard base64 of username:password in UTF-8', () => {
    expect(encodeAuth('a<b', 'p:a&ss')).toBe('YTxiOnA6YSZzcw==');
    expect(encodeAuth('u', 'p')).toBe('dTpw');
    expect(encodeAuth('', '')).toBe('Og==');
    expect(encodeAuth('é', '😀')).toBe(Buffer.from('é:😀').toString('base64'));
    expect(encodeAuth('??>', '~~~')).toBe('Pz8+On5+fg=='); // standard alphabet (+ /), not URL-safe
  });
});

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// kubectl is the oracle for these bytes (DESIGN.md): compare with it directly where it is installed.
// Skipped without kubectl: tools/test-summary counts them by this tag.
const NEEDS = { tags: ['needs-kubectl'] };

describe.skipIf(!kubectlAvailable())('against kubectl create secret docker-registry', NEEDS, () => {
  const kubectl = ({ registry, username, password, email }: RegistryCredential): string => {
    const args = ['create', 'secret', 'docker-registry', 'x', '--dry-run=client', '-o', 'json'];
    args.push(`--docker-username=${username}`, `--docker-password=${password}`);
    if (registry) args.push(`--docker-server=${registry}`);
    if (email) args.push(`--docker-email=${email}`);
    const secret = JSON.parse(execFileSync('kubectl', args, { encoding: 'utf8' })) as {
      data: Record<string, string>;
    };
    return Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString('utf8');
  };

  it.each<RegistryCredential>([
    { registry: 'ghcr.io', username: 'a<b', password: 'p:a&ss' },
    { registry: '', username: 'u', password: 'p', email: 'me@example.com' },
    { registry: 'https://index.docker.io/v1/', username: 'us:er', password: '"quoted" \\ back' },
    { registry: 'localhost:5000/team', username: 'tab\there', password: 'line\nbreak\r\n' },
    { registry: 'é.example', username: '\u2028\u2029', password: 'é中😀\u007f\u0085' },
    { registry: 'reg.example', username: 'x', password: '\u0001\u001f\b\f', email: '<&>' },
  ])('$registry $username', (credential) => {
    expect(encodeDockerConfigJson([credential])).toBe(kubectl(credential));
  });
});
