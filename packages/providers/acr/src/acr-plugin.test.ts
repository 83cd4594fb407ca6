import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { detectProvider, type PullSecretError, resolveProviderOptions } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { acrPlugin } from './acr-plugin.js';

describe('acrPlugin', () => {
  it('claims ACR hosts of every cloud, and no others', () => {
    expect(detectProvider([acrPlugin], 'myreg.azurecr.io')).toBe(acrPlugin);
    expect(detectProvider([acrPlugin], 'myreg.azurecr.us')).toBe(acrPlugin);
    expect(detectProvider([acrPlugin], 'myreg.azurecr.cn')).toBe(acrPlugin);
    expect(detectProvider([acrPlugin], 'registry.example.com')).toBeUndefined();
  });

  it('reads its options from env, marks the client secret secret, and defaults to exchange', () => {
    const options = resolveProviderOptions(
      acrPlugin,
      { 'azure-tenant-id': 'from-flag' },
      { AZURE_TENANT_ID: 'from-env', AZURE_CLIENT_ID: 'app', AZURE_CLIENT_SECRET: 'CANARY-plugin-secret' },
    );
    expect(options).toMatchObject({
      'acr-auth': 'exchange',
      'azure-tenant-id': 'from-flag',
      'azure-client-id': 'app',
      'azure-client-secret': 'CANARY-plugin-secret',
      'acr-token-password': 'password1',
    });
    expect(acrPlugin.options.filter((option) => option.secret).map((option) => option.name)).toEqual([
      'azure-client-secret',
    ]);
    let refused: PullSecretError | undefined;
    try {
      resolveProviderOptions(acrPlugin, { 'acr-auth': 'password' }, {});
    } catch (error) {
      refused = error as PullSecretError;
    }
    // Worded by each front end: as the bare option name here, as --acr-auth by the CLI.
    expect(refused?.render((option) => option).message).toBe(
      'acr-auth must be one of exchange, service-principal, admin, token, not "password".',
    );
  });

  it('makes a service-principal login without the network', async () => {
    const provider = acrPlugin.create({
      registries: ['myreg.azurecr.io'],
      options: {
        'acr-auth': 'service-principal',
        'azure-client-id': 'app-id',
        'azure-client-secret': 'CANARY-sp',
      },
      env: {},
    });
    expect(await provider()).toEqual([
      { registry: 'myreg.azurecr.io', username: 'app-id', password: 'CANARY-sp' },
    ]);
  });

  it('loads no Azure SDK when the package is imported or a provider is created', async () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
      const { acrPlugin } = await import(${JSON.stringify(entry)});
      acrPlugin.create({ registries: ['r.azurecr.io'], options: {}, env: {} });
      console.log(JSON.stringify(seen));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const seen = JSON.parse(stdout) as string[];
    expect(seen).toContain('@pull-secret/dockerconfigjson');
    expect(seen.filter((specifier) => specifier.startsWith('@azure/'))).toEqual([]);
  });
});
