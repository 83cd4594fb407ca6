// A hanging Google endpoint (accepts the connection, never answers) must fail within the timeout,
// naming the endpoint, with the real google-auth-library: directly, and through a silent proxy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateServiceAccountKey,
  type SilentServer,
  startSilentServer,
} from '@pull-secret/cloud-test-servers';
import { EndpointTimeoutError } from '@pull-secret/http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromGoogle } from '../src/from-google.js';
import { gcrPlugin } from '../src/gcr-plugin.js';

const PROVIDER = 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/my-repo';
const key = generateServiceAccountKey('puller@test-project.iam.gserviceaccount.com');
const dir = mkdtempSync(join(tmpdir(), 'gcr-timeout-'));
let silent: SilentServer;

beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(() => silent?.close());
beforeEach(() => {
  vi.stubEnv('HTTPS_PROXY', silent.url);
  vi.stubEnv('NO_PROXY', '');
  vi.stubEnv('no_proxy', '');
  vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
  vi.stubEnv('CLOUDSDK_CONFIG', dir);
  vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', '');
  return () => vi.unstubAllEnvs();
});

async function timedOut(promise: Promise<unknown>, startedAt: number): Promise<EndpointTimeoutError> {
  const error = await promise.then(
    () => expect.fail('expected a timeout'),
    (caught: unknown) => caught,
  );
  expect(Date.now() - startedAt).toBeLessThan(4000);
  expect(error).toBeInstanceOf(EndpointTimeoutError);
  const timeout = error as EndpointTimeoutError;
  expect(`${timeout.message} ${timeout.hint}`).not.toContain('PRIVATE KEY');
  return timeout;
}

describe('a silent Google endpoint', () => {
  it('a token endpoint that never answers (its proxy is silent) fails within the timeout, naming it', async () => {
    const started = Date.now();
    const error = await timedOut(
      fromGoogle({ registries: ['us-docker.pkg.dev'], keyJson: key.keyJson, timeoutMs: 1000 })(),
      started,
    );
    expect(error.message).toBe('No answer from https://oauth2.googleapis.com within 1s.');
    expect(silent.connections).toBeGreaterThan(0);
  });

  it('a proxy that never answers: the Google endpoint asked is named, through the plugin’s timeoutMs', async () => {
    const started = Date.now();
    const provider = gcrPlugin.create({
      registries: ['gcr.io'],
      options: { 'gcp-auth': 'access-token', 'gcp-key-json': key.keyJson },
      env: {},
      timeoutMs: 1500,
    });
    const error = await timedOut(provider(), started);
    expect(error.message).toBe('No answer from https://oauth2.googleapis.com within 1.5s.');
  });

  it('workload identity federation: a silent STS fails within the timeout', async () => {
    const started = Date.now();
    const error = await timedOut(
      fromGoogle({
        registries: ['us-docker.pkg.dev'],
        workloadIdentityProvider: PROVIDER,
        idToken: async () => 'CANARY-gcr-timeout-oidc',
        timeoutMs: 1000,
      })(),
      started,
    );
    expect(error.message).toBe('No answer from https://sts.googleapis.com within 1s.');
  });

  it('stops at once, with the caller’s reason, when the caller aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = fromGoogle({ registries: ['gcr.io'], keyJson: key.keyJson, timeoutMs: 20_000 })({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stopped by caller')), 200);
    await expect(pending).rejects.toThrow('stopped by caller');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
