import { describe, expect, it } from 'vitest';
import { b64, CANARY, expectNoLeak, thrown } from '../test/invalid-input.js';
import { importDockerCliConfig } from './docker-cli-config.js';

const config = (value: unknown) => JSON.stringify(value, null, '\t');

describe('importDockerCliConfig', () => {
  it('reads the credentials "docker login" writes without a credential store', () => {
    const text = config({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
        'ghcr.io': { auth: b64('octocat:ghp_token'), email: 'octo@example.com' },
      },
      HttpHeaders: { 'User-Agent': 'Docker-Client/24.0.0 (linux)' },
      currentContext: 'default',
      psFormat: 'table {{.ID}}',
    });
    expect(importDockerCliConfig(text)).toEqual([
      { registry: 'https://index.docker.io/v1/', username: 'hubuser', password: 'hubpass' },
      { registry: 'ghcr.io', username: 'octocat', password: 'ghp_token', email: 'octo@example.com' },
    ]);
  });

  it('reads username and password fields when there is no auth', () => {
    expect(importDockerCliConfig(config({ auths: { r: { username: 'u', password: 'p' } } }))).toEqual([
      { registry: 'r', username: 'u', password: 'p' },
    ]);
  });

  it('accepts an entry with only a password (a token) or only a username', () => {
    expect(
      importDockerCliConfig(config({ auths: { r: { auth: b64(':tok') }, s: { username: 'u' } } })),
    ).toEqual([
      { registry: 'r', username: '', password: 'tok' },
      { registry: 's', username: 'u', password: '' },
    ]);
  });

  it('uses auth and ignores an identity token next to it', () => {
    expect(
      importDockerCliConfig(config({ auths: { r: { auth: b64('u:p'), identitytoken: CANARY } } })),
    ).toEqual([{ registry: 'r', username: 'u', password: 'p' }]);
  });

  it('keeps real entries when credHelpers covers a registry that has no entry in auths, and says so', () => {
    const helperOnly: string[] = [];
    expect(
      importDockerCliConfig(
        config({ auths: { 'ghcr.io': { auth: b64('u:p') } }, credHelpers: { 'gcr.io': 'gcloud' } }),
        { onHelperOnly: (registry) => helperOnly.push(registry) },
      ),
    ).toEqual([{ registry: 'ghcr.io', username: 'u', password: 'p' }]);
    expect(helperOnly).toEqual(['gcr.io']);
  });

  describe('credential helpers', () => {
    it('rejects an empty entry whose secret is in credsStore, naming the store', () => {
      const error = thrown(() =>
        importDockerCliConfig(config({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_CREDENTIAL_HELPER');
      expect(error.message).toBe(
        'Registry "ghcr.io" has no username or password in this file: Docker keeps it in the credential store "desktop" (credsStore).',
      );
      expect(error.hint).toContain('credential helpers');
      // Named as an option, which the CLI words as its flag.
      expect(
        error.render((option) => (option === 'password' ? '--password-stdin' : `--${option}`)).hint,
      ).toContain('--password-stdin');
      expect(error.hint).not.toMatch(/--/);
    });

    it('rejects an empty entry whose secret is in credHelpers, naming the helper', () => {
      const error = thrown(() =>
        importDockerCliConfig(
          config({ auths: { 'gcr.io': {} }, credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'desktop' }),
        ),
      );
      expect(error.code).toBe('DOCKER_CONFIG_CREDENTIAL_HELPER');
      expect(error.message).toContain('the credential helper "gcloud" (credHelpers)');
      expect(error.message).not.toContain('desktop');
      expect(error.hint).toContain('credential helpers');
    });

    it('rejects a helper-backed entry even when another entry is fine, rather than drop it silently', () => {
      const error = thrown(() =>
        importDockerCliConfig(
          config({ auths: { 'quay.io': { auth: b64('u:p') }, 'ghcr.io': {} }, credsStore: 'osxkeychain' }),
        ),
      );
      expect(error.code).toBe('DOCKER_CONFIG_CREDENTIAL_HELPER');
      expect(error.message).toContain('"ghcr.io"');
    });

    it('treats an entry with empty strings as empty', () => {
      const error = thrown(() =>
        importDockerCliConfig(
          config({ auths: { r: { auth: '', username: '', password: '' } }, credsStore: 'pass' }),
        ),
      );
      expect(error.code).toBe('DOCKER_CONFIG_CREDENTIAL_HELPER');
    });

    it('says where the credentials are when auths is empty but helpers are configured', () => {
      const store = thrown(() => importDockerCliConfig(config({ auths: {}, credsStore: 'desktop' })));
      expect(store.code).toBe('DOCKER_CONFIG_NO_AUTHS');
      expect(store.message).toBe(
        'The Docker CLI config has no credentials of its own; they are in credsStore "desktop".',
      );
      expect(store.hint).toContain('credential helpers');

      const helpers = thrown(() => importDockerCliConfig(config({ credHelpers: { 'gcr.io': 'gcloud' } })));
      expect(helpers.message).toBe(
        'The Docker CLI config has no credentials of its own; they are in credHelpers.',
      );

      const both = thrown(() =>
        importDockerCliConfig(
          config({ auths: {}, credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }),
        ),
      );
      expect(both.message).toBe(
        'The Docker CLI config has no credentials of its own; they are in credsStore "desktop" and credHelpers.',
      );
    });

    it('ignores an empty credsStore and an empty credHelpers', () => {
      const error = thrown(() =>
        importDockerCliConfig(config({ auths: { r: {} }, credsStore: '', credHelpers: {} })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_EMPTY_ENTRY');
      const none = thrown(() =>
        importDockerCliConfig(config({ auths: {}, credsStore: '', credHelpers: {} })),
      );
      expect(none.message).toBe('The Docker CLI config has no registry credentials ("auths" is empty).');
    });

    it('reads the keys ignoring case, as the Docker CLI (Go) does', () => {
      const error = thrown(() =>
        importDockerCliConfig(config({ Auths: { 'ghcr.io': {} }, CredsStore: 'desktop' })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_CREDENTIAL_HELPER');
      expect(error.message).toContain('"desktop"');
    });
  });

  describe('entries kubelet cannot use', () => {
    it('rejects an entry with only an identity token, without showing the token', () => {
      const error = thrown(() =>
        importDockerCliConfig(config({ auths: { 'myacr.azurecr.io': { identitytoken: CANARY } } })),
      );
      expect(error.code).toBe('DOCKER_CONFIG_EMPTY_ENTRY');
      expect(error.message).toBe(
        'Registry "myacr.azurecr.io" has no username or password in this file, only an identity token, which kubelet cannot use.',
      );
      expectNoLeak(error);
    });

    it('rejects an empty entry when no helper is configured', () => {
      const error = thrown(() => importDockerCliConfig(config({ auths: { 'ghcr.io': {} } })));
      expect(error.code).toBe('DOCKER_CONFIG_EMPTY_ENTRY');
      expect(error.message).toBe('Registry "ghcr.io" has no username or password in this file.');
      expect(error.hint).toContain('docker login');
    });
  });

  describe('empty configs', () => {
    it.each([
      ['{"auths":{}}'],
      ['{}'],
      ['{"auths":null}'],
      ['{"auths":[]}'],
      ['{"currentContext":"default"}'],
    ])('rejects %s as having no credentials', (text) => {
      const error = thrown(() => importDockerCliConfig(text));
      expect(error.code).toBe('DOCKER_CONFIG_NO_AUTHS');
      expect(error.message).toBe('The Docker CLI config has no registry credentials ("auths" is empty).');
      expect(error.hint).toContain('docker login');
    });
  });

  describe('malformed files', () => {
    it('rejects invalid JSON without quoting it', () => {
      const error = thrown(() => importDockerCliConfig(`{"auths":{"r":{"password":"${CANARY}"`));
      expect(error.code).toBe('JSON_INVALID');
      expect(error.message).toMatch(/^The Docker CLI config is not valid JSON/);
      expectNoLeak(error);
    });

    it('rejects a bad auth, naming the registry and not the secret', () => {
      const auth = `${b64(`u:${CANARY}`)} `;
      const error = thrown(() => importDockerCliConfig(config({ auths: { 'ghcr.io': { auth } } })));
      expect(error.code).toBe('DOCKER_CONFIG_BAD_AUTH');
      expect(error.message).toContain('"ghcr.io"');
      expectNoLeak(error, auth.trim());
    });

    it('rejects JSON that is not an object', () => {
      expect(thrown(() => importDockerCliConfig('[]')).code).toBe('JSON_INVALID');
    });
  });

  describe('registries served only by a credential helper', () => {
    const mixed = JSON.stringify({
      auths: { 'ghcr.io': { auth: b64('me:pw') } },
      credHelpers: { 'gcr.io': 'gcloud', 'ghcr.io': 'gh' },
    });

    it('are an error by default, naming the registry and helper', () => {
      const error = thrown(() => importDockerCliConfig(mixed));
      expect(error.message).toBe(
        'Registry "gcr.io" is served only by the credential helper "gcloud" (credHelpers).',
      );
    });

    it('are reported to onHelperOnly and left out when the caller handles them', () => {
      const skipped: string[] = [];
      const credentials = importDockerCliConfig(mixed, {
        onHelperOnly: (registry, helper) => skipped.push(`${registry}=${helper}`),
      });
      expect(credentials.map((c) => c.registry)).toEqual(['ghcr.io']);
      expect(skipped).toEqual(['gcr.io=gcloud']);
    });
  });
});
