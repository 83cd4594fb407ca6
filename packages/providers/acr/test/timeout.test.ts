// A hanging Azure endpoint (accepts the connection, never answers) must fail within the timeout,
// naming the endpoint, with the real Azure SDKs: Entra ID, ARM, and the registry's /oauth2/exchange.
import tls from 'node:tls';
import {
  type AzureTestServer,
  type SilentServer,
  startAzureServer,
  startSilentServer,
} from '@pull-secret/cloud-test-servers';
import { EndpointTimeoutError } from '@pull-secret/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acrPlugin } from '../src/acr-plugin.js';
import { type FromAcrInit, fromAcr } from '../src/from-acr.js';

const CLIENT_SECRET = 'CANARY-acr-timeout-secret-91c2';

let server: AzureTestServer;
let silent: SilentServer;
let base: FromAcrInit;
let silentHttps: string;

beforeAll(async () => {
  server = await startAzureServer({
    clients: [{ clientId: 'ci-app', clientSecret: CLIENT_SECRET }],
    registries: [{ name: 'shop', resourceGroup: 'rg-shop', adminPasswords: ['CANARY-a', 'CANARY-b'] }],
  });
  silent = await startSilentServer();
  silentHttps = `https://127.0.0.1:${silent.port}`;
  // Test-only: trust the server's CA in this worker, as NODE_EXTRA_CA_CERTS would.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), server.caPem]);
  base = {
    tenantId: server.tenantId,
    clientId: 'ci-app',
    clientSecret: CLIENT_SECRET,
    subscriptionId: server.subscriptionId,
    authorityHost: server.url,
    armEndpoint: server.url,
    env: {},
  };
});
afterAll(async () => {
  await server?.close();
  await silent?.close();
});

async function timedOut(promise: Promise<unknown>, startedAt: number): Promise<EndpointTimeoutError> {
  const error = await promise.then(
    () => expect.fail('expected a timeout'),
    (caught: unknown) => caught,
  );
  expect(Date.now() - startedAt).toBeLessThan(4000);
  expect(error).toBeInstanceOf(EndpointTimeoutError);
  const timeout = error as EndpointTimeoutError;
  expect(`${timeout.message} ${timeout.hint}`).not.toContain('CANARY');
  expect(timeout.render((option) => `--${option}`).hint).toContain('--request-timeout');
  return timeout;
}

describe('a silent Azure endpoint', () => {
  it('Entra ID: fails within the timeout, naming the authority', async () => {
    const started = Date.now();
    const error = await timedOut(
      fromAcr({ ...base, authorityHost: silentHttps, registries: ['shop.azurecr.io'], timeoutMs: 1000 })(),
      started,
    );
    expect(error.message).toBe(`No answer from ${silentHttps} within 1s.`);
  });

  it('ARM: fails within the timeout, naming it', async () => {
    const started = Date.now();
    const error = await timedOut(
      fromAcr({ ...base, armEndpoint: silentHttps, auth: 'admin', timeoutMs: 1000 })(),
      started,
    );
    expect(error.message).toBe(`No answer from ${silentHttps} within 1s.`);
  });

  it('the registry’s /oauth2/exchange: fails within the timeout, naming the registry, through the plugin', async () => {
    const started = Date.now();
    const provider = acrPlugin.create({
      registries: [`127.0.0.1:${silent.port}`],
      options: {
        'acr-auth': 'exchange',
        'azure-tenant-id': server.tenantId,
        'azure-client-id': 'ci-app',
        'azure-client-secret': CLIENT_SECRET,
        'azure-authority-host': server.url,
      },
      env: {},
      timeoutMs: 1500,
    });
    const error = await timedOut(provider(), started);
    expect(error.message).toBe(`No answer from ${silentHttps} within 1.5s.`);
  });

  it('stops at once, with the caller’s reason, when the caller aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = fromAcr({
      ...base,
      authorityHost: silentHttps,
      registries: ['shop.azurecr.io'],
      timeoutMs: 20_000,
    })({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by caller')), 200);
    await expect(pending).rejects.toThrow('stopped by caller');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
