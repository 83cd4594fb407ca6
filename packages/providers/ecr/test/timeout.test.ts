// A hanging AWS endpoint (accepts the connection, never answers) must fail within the timeout, naming
// the endpoint, with the real SDK: ECR, ECR Public, and STS when a role is assumed.
import {
  type AwsTestServer,
  type SilentServer,
  startAwsTestServer,
  startSilentServer,
} from '@pull-secret/cloud-test-servers';
import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { EndpointTimeoutError } from '@pull-secret/http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ecrPlugin } from '../src/ecr-plugin.js';
import { fromEcr } from '../src/from-ecr.js';
import { fromEcrPublic } from '../src/from-ecr-public.js';
import { ACCESS_KEY, stubAwsEnv } from './aws-test-env.js';

const ROLE = 'arn:aws:iam::444455556666:role/gha-pull';
const OIDC_TOKEN = 'CANARY-timeout-oidc-token';
const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

let aws: AwsTestServer;
let silent: SilentServer;
beforeAll(async () => {
  aws = await startAwsTestServer({
    accessKeys: [ACCESS_KEY],
    roles: [{ roleArn: ROLE, webIdentityToken: OIDC_TOKEN }],
    password: () => 'CANARY-timeout-ecr-password',
  });
  silent = await startSilentServer();
});
afterAll(async () => {
  await aws?.close();
  await silent?.close();
});
beforeEach(() => {
  stubAwsEnv(aws);
  aws.requests.length = 0;
});
afterEach(() => vi.unstubAllEnvs());

async function timedOut(promise: Promise<unknown>, startedAt: number): Promise<EndpointTimeoutError> {
  const error = await promise.then(
    () => expect.fail('expected a timeout'),
    (caught: unknown) => caught,
  );
  expect(Date.now() - startedAt).toBeLessThan(4000);
  expect(error).toBeInstanceOf(EndpointTimeoutError);
  const timeout = error as EndpointTimeoutError;
  expect(timeout.code).toBe('ENDPOINT_TIMEOUT');
  expect(`${timeout.message} ${timeout.hint}`).not.toContain('CANARY');
  expect(timeout.render((option) => `--${option}`).hint).toContain('--request-timeout');
  return timeout;
}

describe('a silent AWS endpoint', () => {
  it('ECR: fails within the timeout, naming the endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ECR', silent.url);
    const before = silent.connections;
    const started = Date.now();
    const error = await timedOut(fromEcr({ registries: [REGISTRY], timeoutMs: 1000 })(), started);
    expect(error.message).toBe(`No answer from ${silent.url} within 1s.`);
    expect(silent.connections).toBeGreaterThan(before);
  });

  it('ECR through the plugin: the context timeoutMs applies', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ECR', silent.url);
    const started = Date.now();
    const provider = ecrPlugin.create({
      registries: [REGISTRY],
      options: {},
      env: process.env,
      timeoutMs: 1500,
    });
    const error = await timedOut(provider(), started);
    expect(error.message).toBe(`No answer from ${silent.url} within 1.5s.`);
  });

  it('STS: a role assumed with a web identity token fails within the timeout, naming STS', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_STS', silent.url);
    const started = Date.now();
    const error = await timedOut(
      fromEcr({ registries: [REGISTRY], roleArn: ROLE, webIdentityToken: OIDC_TOKEN, timeoutMs: 1000 })(),
      started,
    );
    expect(error.message).toBe(`No answer from ${silent.url} within 1s.`);
    // ECR was never asked: the STS call alone timed out.
    expect(aws.requests.some((request) => request.action.includes('GetAuthorizationToken'))).toBe(false);
  });

  it('ECR Public: fails within the timeout, naming the endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ECR_PUBLIC', silent.url);
    const started = Date.now();
    const error = await timedOut(fromEcrPublic({ timeoutMs: 1000 })(), started);
    expect(error.message).toBe(`No answer from ${silent.url} within 1s.`);
  });

  it('stops at once, with the caller’s reason, when the caller aborts', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ECR', silent.url);
    const controller = new AbortController();
    const started = Date.now();
    const pending = fromEcr({ registries: [REGISTRY], timeoutMs: 20_000 })({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by caller')), 200);
    await expect(pending).rejects.toThrow('stopped by caller');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a refused credential is still reported as such, not as a timeout', async () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'CANARY-wrong-secret-key-000000000000000');
    const error = await fromEcr({ registries: [REGISTRY], timeoutMs: 1000 })().catch((caught) => caught);
    expect(error).toBeInstanceOf(PullSecretError);
    expect(error).not.toBeInstanceOf(EndpointTimeoutError);
  });
});
