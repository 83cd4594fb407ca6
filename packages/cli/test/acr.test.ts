import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type AzureTestServer,
  startAzureServer,
  startImdsWithoutIdentity,
} from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, decodeSecretData, expectNoSecret, runCli, spawnCli } from './run-cli.js';

const CLIENT_SECRET = 'CANARY-cli-acr-secret-31c9';
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const basicAuth = (username: string, password: string) =>
  Buffer.from(`${username}:${password}`).toString('base64');

describe('pull-secret create with the acr provider', () => {
  let server: AzureTestServer;
  let dir: string;
  let caFile: string;

  beforeAll(async () => {
    server = await startAzureServer({
      clients: [{ clientId: 'ci-app', clientSecret: CLIENT_SECRET }],
      registries: [{ name: 'shop', resourceGroup: 'rg' }],
    });
    dir = mkdtempSync(join(tmpdir(), 'pull-secret-acr-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, server.caPem);
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('detects ACR from the host and writes a service-principal login without the network', async () => {
    const run = await runCli(
      [
        'create',
        'acr-pull',
        '--registry',
        'myreg.azurecr.io',
        '--acr-auth',
        'service-principal',
        '-o',
        'json',
      ],
      { env: { AZURE_CLIENT_ID: 'app-id-1', AZURE_CLIENT_SECRET: CLIENT_SECRET } },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(decodeSecretData(run.stdout)).toBe(
      `{"auths":{"myreg.azurecr.io":{"username":"app-id-1","password":"${CLIENT_SECRET}","auth":"${basicAuth('app-id-1', CLIENT_SECRET)}"}}}`,
    );
    const { metadata } = JSON.parse(run.stdout) as { metadata: { annotations: Record<string, string> } };
    expect(metadata.annotations['pull-secret.dev/provider']).toBe('acr');
    expect(metadata.annotations['pull-secret.dev/expires-at']).toBeUndefined();
  });

  it('says what service-principal mode is missing, naming the flags, without a secret', async () => {
    const run = await runCli(
      ['create', 'acr-pull', '--registry', 'myreg.azurecr.io', '--acr-auth', 'service-principal'],
      {
        env: { AZURE_CLIENT_SECRET: CLIENT_SECRET },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: ACR service-principal mode needs a client ID and a client secret.\nhint: Set --azure-client-id or AZURE_CLIENT_ID, and AZURE_CLIENT_SECRET or --azure-client-secret-file.\n',
    );
    expect(run.stdout).toBe('');
  });

  it('exchanges an Entra ID token for an ACR refresh token, with its expiry as expires-at', async () => {
    const loginServer = server.loginServer('shop');
    const run = await spawnCli(
      [
        'create',
        'acr-pull',
        '--provider',
        'acr',
        '--registry',
        loginServer,
        '--azure-tenant-id',
        server.tenantId,
        '--azure-client-id',
        'ci-app',
        '--azure-client-secret-file',
        '-',
        '--azure-authority-host',
        server.url,
        '-o',
        'json',
      ],
      { stdin: `${CLIENT_SECRET}\n`, env: { NODE_EXTRA_CA_CERTS: caFile } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const refreshToken = server.issued.refreshTokens.at(-1)!;
    expect(decodeSecretData(run.stdout)).toBe(
      `{"auths":{"${loginServer}":{"username":"${ZERO_GUID}","password":"${refreshToken}","auth":"${basicAuth(ZERO_GUID, refreshToken)}"}}}`,
    );
    const exp = (
      JSON.parse(Buffer.from(refreshToken.split('.')[1]!, 'base64url').toString()) as { exp: number }
    ).exp;
    const { metadata } = JSON.parse(run.stdout) as { metadata: { annotations: Record<string, string> } };
    expect(metadata.annotations).toMatchObject({
      'pull-secret.dev/provider': 'acr',
      'pull-secret.dev/registries': loginServer,
      'pull-secret.dev/expires-at': new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(server.requests.filter((request) => request.path === '/oauth2/exchange').at(-1)).toMatchObject({
      service: loginServer,
      status: 200,
    });
  });

  it('reports a refused sign-in in one line and a hint, with no secret or token in any output', async () => {
    const run = await spawnCli(
      [
        'create',
        'acr-pull',
        '--provider',
        'acr',
        '--registry',
        server.loginServer('shop'),
        '--azure-tenant-id',
        server.tenantId,
        '--azure-client-id',
        'ci-app',
        '--azure-authority-host',
        server.url,
      ],
      { env: { NODE_EXTRA_CA_CERTS: caFile, AZURE_CLIENT_SECRET: 'CANARY-cli-wrong-secret' } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: Entra ID refused the Azure sign-in \(AADSTS7000215\)\.\nhint: /);
    const everything = `${run.stderr}${JSON.stringify(server.requests)}`;
    for (const secret of [
      'CANARY-cli-wrong-secret',
      CLIENT_SECRET,
      ...server.issued.accessTokens,
      ...server.issued.refreshTokens,
    ]) {
      expectNoSecret(everything, [secret], 'everything');
    }
  });

  it('with no Azure identity at all: exit 1, "No Azure identity is available here" and one hint line', async () => {
    const imds = await startImdsWithoutIdentity();
    try {
      const run = await spawnCli(
        ['create', 'acr-pull', '--provider', 'acr', '--registry', 'shop.azurecr.io'],
        {
          env: {
            // node only: no az, azd or pwsh to ask; no AZURE_* variables; a home with no VS Code or az login
            PATH: dirname(process.execPath),
            HOME: dir,
            AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url,
          },
        },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe('error: No Azure identity is available here.');
      expect(lines[1]).toMatch(
        /^hint: Tried: environment variables, managed identity, .*Azure CLI.*az login/,
      );
      expect(run.stderr).not.toContain('Entra ID refused');
    } finally {
      await imds.close();
    }
  });
});

describe('pull-secret start-up with the acr provider', () => {
  it('lists the acr flags in create --help without loading the Azure SDK', async () => {
    // Records every module the process resolves, then checks none of the loaded files is the SDK chunk.
    const hook = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });
      process.on('exit', () => process.stderr.write(JSON.stringify(seen)));`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import',
      `data:text/javascript,${encodeURIComponent(hook)}`,
      BIN,
      'create',
      '--help',
    ]);
    expect(stdout).toContain('--acr-auth');
    expect(stdout).toContain('--azure-client-secret-file');
    expect(stdout).not.toMatch(/--azure-client-secret\b(?!-file)/);
    const loaded = (JSON.parse(stderr) as string[]).filter((url) => url.startsWith('file:'));
    expect(loaded.length).toBeGreaterThan(0);
    for (const url of loaded) {
      const text = readFileSync(fileURLToPath(url), 'utf8');
      expect(text, url).not.toContain('@azure/msal-node');
      expect(text, url).not.toContain('/listCredentials{');
    }
  });
});
