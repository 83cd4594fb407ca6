import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import { parseImageReference } from './image-reference.js';

const SHA256 = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
const SHA384 = 'b'.repeat(96);
const SHA512 = 'c'.repeat(128);

function rejection(image: string): InvalidInputError {
  try {
    parseImageReference(image);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`expected ${JSON.stringify(image)} to be rejected`);
}

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', 'docker.io', 'library/nginx'],
    ['nginx:1.25', 'docker.io/library/nginx', 'docker.io', 'library/nginx'],
    ['foo/bar', 'docker.io/foo/bar', 'docker.io', 'foo/bar'],
    ['foo/bar/baz', 'docker.io/foo/bar/baz', 'docker.io', 'foo/bar/baz'],
    ['docker.io/nginx', 'docker.io/library/nginx', 'docker.io', 'library/nginx'],
    ['docker.io/library/nginx', 'docker.io/library/nginx', 'docker.io', 'library/nginx'],
    ['index.docker.io/foo', 'docker.io/library/foo', 'docker.io', 'library/foo'],
    ['index.docker.io/foo/bar', 'docker.io/foo/bar', 'docker.io', 'foo/bar'],
    ['localhost/foo', 'localhost/foo', 'localhost', 'foo'],
    ['localhost:5000/foo', 'localhost:5000/foo', 'localhost:5000', 'foo'],
    ['localhost', 'docker.io/library/localhost', 'docker.io', 'library/localhost'],
    ['Foo/bar', 'Foo/bar', 'Foo', 'bar'],
    ['ghcr.io/org/app', 'ghcr.io/org/app', 'ghcr.io', 'org/app'],
    ['GHCR.IO/org/app', 'GHCR.IO/org/app', 'GHCR.IO', 'org/app'],
    ['registry-1.docker.io/foo', 'registry-1.docker.io/foo', 'registry-1.docker.io', 'foo'],
    ['example:5000/team/app', 'example:5000/team/app', 'example:5000', 'team/app'],
    ['127.0.0.1:5000/a/b', '127.0.0.1:5000/a/b', '127.0.0.1:5000', 'a/b'],
    ['[::1]:5000/foo', '[::1]:5000/foo', '[::1]:5000', 'foo'],
    ['[2001:db8::1]/foo', '[2001:db8::1]/foo', '[2001:db8::1]', 'foo'],
    ['ghcr.io/a.b/c_d/e__f/g-h/i---j', 'ghcr.io/a.b/c_d/e__f/g-h/i---j', 'ghcr.io', 'a.b/c_d/e__f/g-h/i---j'],
  ])('%s → %s', (image, repository, domain, path) => {
    const reference = parseImageReference(image);
    expect(reference.image).toBe(image);
    expect(reference.repository).toBe(repository);
    expect(reference.domain).toBe(domain);
    expect(reference.path).toBe(path);
  });

  it('reads a tag', () => {
    const reference = parseImageReference('ghcr.io/org/app:v1.2.3-rc_1');
    expect(reference).toEqual({
      image: 'ghcr.io/org/app:v1.2.3-rc_1',
      repository: 'ghcr.io/org/app',
      domain: 'ghcr.io',
      path: 'org/app',
      tag: 'v1.2.3-rc_1',
    });
  });

  it('allows upper case in a tag', () => {
    expect(parseImageReference('nginx:Latest').tag).toBe('Latest');
  });

  it('tells a port from a tag', () => {
    const reference = parseImageReference('example.com:5000/repo:5000');
    expect(reference.domain).toBe('example.com:5000');
    expect(reference.tag).toBe('5000');
  });

  it('reads a digest, with or without a tag', () => {
    const digest = `sha256:${SHA256}`;
    expect(parseImageReference(`nginx@${digest}`)).toEqual({
      image: `nginx@${digest}`,
      repository: 'docker.io/library/nginx',
      domain: 'docker.io',
      path: 'library/nginx',
      digest,
    });
    const both = parseImageReference(`ghcr.io/org/app:1.0@${digest}`);
    expect(both.tag).toBe('1.0');
    expect(both.digest).toBe(digest);
    expect(both.repository).toBe('ghcr.io/org/app');
  });

  it('accepts sha384 and sha512 digests', () => {
    expect(parseImageReference(`nginx@sha384:${SHA384}`).digest).toBe(`sha384:${SHA384}`);
    expect(parseImageReference(`nginx@sha512:${SHA512}`).digest).toBe(`sha512:${SHA512}`);
  });

  it('leaves tag and digest out when there are none', () => {
    const reference = parseImageReference('nginx');
    expect(reference).not.toHaveProperty('tag');
    expect(reference).not.toHaveProperty('digest');
  });

  it('accepts a tag of 128 characters and a repository path of 255', () => {
    expect(parseImageReference(`nginx:${'t'.repeat(128)}`).tag).toHaveLength(128);
    const path = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(parseImageReference(`ghcr.io/${path}`).path).toHaveLength(255);
  });

  it('counts only the path, not the registry, against the 255 limit (distribution/reference v0.6)', () => {
    const host = `${'h'.repeat(60)}.example.com`;
    const path = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(parseImageReference(`${host}/${path}`).repository).toHaveLength(host.length + 1 + 255);
  });

  describe('rejects', () => {
    it.each([
      ['upper case in a one-part name', 'Nginx'],
      ['upper case in a Docker Hub repository', 'foo/Bar'],
      ['upper case in a repository path', 'ghcr.io/Org/app'],
      ['upper case after localhost', 'localhost:5000/Foo'],
    ])('%s (%s)', (_name, image) => {
      const error = rejection(image);
      expect(error.code).toBe('IMAGE_INVALID');
      expect(error.message).toBe(`The image "${image}" has upper-case letters in its repository name.`);
      expect(error.hint).toContain('nginx');
    });

    it('a 64-character hex ID', () => {
      const error = rejection(SHA256);
      expect(error.code).toBe('IMAGE_INVALID');
      expect(error.message).toContain('64-character hex ID');
    });

    it('but not a 63- or 65-character hex name, which is a repository', () => {
      expect(parseImageReference(SHA256.slice(1)).repository).toBe(`docker.io/library/${SHA256.slice(1)}`);
      expect(parseImageReference(`${SHA256}a`).path).toBe(`library/${SHA256}a`);
    });

    it.each([
      ['empty', ''],
      ['empty tag', 'nginx:'],
      ['tag only', ':latest'],
      ['space', 'nginx latest'],
      ['tag starting with a dot', 'nginx:.x'],
      ['tag starting with a dash', 'nginx:-x'],
      ['tag of 129 characters', `nginx:${'t'.repeat(129)}`],
      ['two tags', 'nginx:a:b'],
      ['leading slash', '/nginx'],
      ['trailing slash', 'ghcr.io/org/'],
      ['double slash', 'ghcr.io//app'],
      ['leading separator', 'ghcr.io/-app'],
      ['trailing separator', 'ghcr.io/app_'],
      ['three underscores', 'ghcr.io/a___b'],
      ['two dots', 'ghcr.io/a..b'],
      ['dot then dash', 'ghcr.io/a.-b'],
      ['empty domain label', 'a..b.io/app'],
      ['domain label ending in a dash', 'reg-.io/app'],
      ['non-numeric port', 'ghcr.io:x/app'],
      ['non-ASCII', 'ghcr.io/äpp'],
      ['scheme', 'https://ghcr.io/app'],
      ['short digest', `nginx@sha256:${'a'.repeat(31)}`],
      ['digest without algorithm', `nginx@${SHA256}`],
      ['repository path of 256', `ghcr.io/${'a'.repeat(128)}/${'b'.repeat(127)}`],
    ])('%s (%j)', (_name, image) => {
      const error = rejection(image);
      expect(error.code).toBe('IMAGE_INVALID');
      expect(error.message).toContain(`"${image}"`);
    });

    it.each([
      ['sha256 of 63 characters', `sha256:${SHA256.slice(1)}`],
      ['sha256 of 65 characters', `sha256:${SHA256}a`],
      ['upper-case hex', `sha256:${SHA256.toUpperCase()}`],
      ['sha512 of sha256 length', `sha512:${SHA256}`],
    ])('a malformed digest: %s (go-digest)', (_name, digest) => {
      const error = rejection(`nginx@${digest}`);
      expect(error.code).toBe('IMAGE_INVALID');
      expect(error.message).toContain('malformed');
    });

    it.each([
      ['md5', `md5:${'a'.repeat(32)}`],
      ['sha1', `sha1:${'a'.repeat(40)}`],
      ['a made-up algorithm', `tarsum.v1+sha256:${SHA256}`],
    ])('a digest with an unsupported algorithm: %s (go-digest)', (_name, digest) => {
      const error = rejection(`nginx@${digest}`);
      expect(error.code).toBe('IMAGE_INVALID');
      expect(error.message).toContain('unsupported algorithm');
    });
  });
});
