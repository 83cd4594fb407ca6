import { describe, expect, it } from 'vitest';
import { validateRegistry } from './validate-registry.js';

describe('validateRegistry', () => {
  it.each([
    'ghcr.io',
    'registry.example.com:5000/team',
    'https://index.docker.io/v1/',
    'http://127.0.0.1:5000',
    '*.azurecr.io',
    '[::1]:5000',
  ])('accepts %s', (registry) => {
    expect(() => validateRegistry(registry)).not.toThrow();
  });

  it.each([
    '',
    'ghcr.io ',
    'exa mple.com',
    'host:0',
    'host:65536',
    'ftp://x',
    '\fghcr.io',
    'ghcr.io/team\u0000',
    'ghcr.io/a\u001bb',
    'ghcr.io/a\u007f',
  ])('refuses %j', (registry) => {
    expect(() => validateRegistry(registry)).toThrow(expect.objectContaining({ code: 'SERVER_INVALID' }));
  });

  it('never repeats user info, which carries a token', () => {
    expect(() => validateRegistry('https://me:CANARY-token@ghcr.io bad')).toThrow(
      '"https://***@ghcr.io bad" is not a registry: expected host[:port][/path] or an https:// URL.',
    );
  });

  it('refuses a comma, which the registries annotation uses between registries', () => {
    expect(() => validateRegistry('ghcr.io/team,quay.io')).toThrow(
      expect.objectContaining({
        code: 'SERVER_INVALID',
        message: '"ghcr.io/team,quay.io" is not a registry: a registry name has no comma.',
      }),
    );
  });
});
