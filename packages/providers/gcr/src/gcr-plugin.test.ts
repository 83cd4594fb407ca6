import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProviderOptions } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { gcrPlugin } from './gcr-plugin.js';

describe('gcrPlugin', () => {
  it('is detected from Google registry hosts only', () => {
    expect(gcrPlugin.name).toBe('gcr');
    expect(
      ['gcr.io', 'eu.gcr.io', 'us-docker.pkg.dev/p/r', 'docker.us-central1.rep.pkg.dev'].map(
        gcrPlugin.matches,
      ),
    ).toEqual([true, true, true, true]);
    expect(gcrPlugin.matches('ghcr.io')).toBe(false);
  });

  it('declares gcp- options, the key content as a secret', () => {
    expect(gcrPlugin.options.map((option) => option.name)).toEqual([
      'gcp-auth',
      'gcp-key-file',
      'gcp-key-json',
      'gcp-service-account',
      'gcp-workload-identity-provider',
    ]);
    expect(gcrPlugin.options.filter((option) => option.secret).map((option) => option.name)).toEqual([
      'gcp-key-json',
    ]);
    const options = resolveProviderOptions(
      gcrPlugin,
      {},
      { GOOGLE_CREDENTIALS: '{"type":"service_account"}' },
    );
    expect(options).toMatchObject({
      'gcp-auth': 'access-token',
      'gcp-key-json': '{"type":"service_account"}',
    });
  });

  it('hands the context on to fromGoogle: options, registries, warn', async () => {
    const warnings: string[] = [];
    const error = await gcrPlugin
      .create({
        registries: ['gcr.io'],
        options: { 'gcp-auth': 'json-key', 'gcp-key-json': '{}' },
        env: {},
        warn: (message) => warnings.push(message),
      })()
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'GCR_NOT_SERVICE_ACCOUNT_KEY' });
    expect(warnings).toHaveLength(1);
  });

  it('takes an explicit gcp-key-file over key content from the environment (GOOGLE_CREDENTIALS)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcr-plugin-'));
    try {
      const keyFile = join(dir, 'puller.json');
      writeFileSync(
        keyFile,
        JSON.stringify({
          type: 'service_account',
          client_email: 'puller@p.iam.gserviceaccount.com',
          private_key: 'k',
        }),
      );
      const options = resolveProviderOptions(
        gcrPlugin,
        { 'gcp-auth': 'json-key', 'gcp-key-file': keyFile },
        {
          GOOGLE_CREDENTIALS: JSON.stringify({
            type: 'service_account',
            client_email: 'admin@p.iam.gserviceaccount.com',
            private_key: 'k',
          }),
        },
      );
      const [credential] = await gcrPlugin.create({
        registries: ['europe-docker.pkg.dev'],
        options,
        env: {},
      })();
      expect(credential?.password).toContain('puller@p.iam.gserviceaccount.com');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('importing the package and creating a provider does not load google-auth-library', () => {
    const script = `
      const { gcrPlugin } = await import('@pull-secret/provider-gcr');
      gcrPlugin.create({ registries: ['gcr.io'], options: {}, env: {} });
      const { createRequire } = await import('node:module');
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(cache.filter((path) => path.includes('google-auth-library'))));
      await import('google-auth-library');
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('google-auth-library'))));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toBe('[]\ntrue\n');
  });
});
