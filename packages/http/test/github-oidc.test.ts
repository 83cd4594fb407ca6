import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointTimeoutError, githubIdTokenSupplier } from '../src/index.js';

const REQUEST_TOKEN = 'CANARY-request-token';
const ID_TOKEN = 'CANARY-id-token';
let answer: { status: number; body: string } = { status: 200, body: JSON.stringify({ value: ID_TOKEN }) };
const audiences: string[] = [];
let server: Server;
let url: string;
let silent: ReturnType<typeof createTcpServer>;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      response.writeHead(401).end();
      return;
    }
    audiences.push(new URL(request.url ?? '/', 'http://x').searchParams.get('audience') ?? '');
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
  silent = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => silent?.close(resolve));
});

function env(requestUrl = url) {
  return { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN };
}

describe('githubIdTokenSupplier', () => {
  it('is undefined outside a job with id-token: write', () => {
    expect(githubIdTokenSupplier({ env: {} })).toBeUndefined();
    expect(githubIdTokenSupplier({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: url } })).toBeUndefined();
  });

  it('asks for the audience with the request token, and reports both secrets', async () => {
    answer = { status: 200, body: JSON.stringify({ value: ID_TOKEN }) };
    const secrets: string[] = [];
    const supplier = githubIdTokenSupplier({ env: env(), onSecret: (secret) => secrets.push(secret) })!;
    await expect(supplier('sts.amazonaws.com')).resolves.toBe(ID_TOKEN);
    expect(audiences.at(-1)).toBe('sts.amazonaws.com');
    expect(secrets).toEqual([REQUEST_TOKEN, ID_TOKEN]);
  });

  it.each([
    [{ status: 403, body: '{"message":"CANARY-echo"}' }, 'GitHub did not issue an OIDC token (HTTP 403).'],
    [
      { status: 200, body: 'CANARY-not-json' },
      'GitHub did not issue an OIDC token (the answer is not JSON).',
    ],
    [{ status: 200, body: '{"value":""}' }, 'GitHub answered without an OIDC token.'],
  ])('fails in one sentence, echoing nothing of the answer: %j', async (given, message) => {
    answer = given;
    const error = await githubIdTokenSupplier({ env: env() })!('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PullSecretError);
    expect((error as PullSecretError).code).toBe('GITHUB_OIDC_FAILED');
    expect((error as Error).message).toBe(message);
    expect(`${(error as Error).message} ${(error as PullSecretError).hint}`).not.toContain('CANARY');
  });

  it('fails within the timeout when the runner never answers, naming it', async () => {
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const error = await githubIdTokenSupplier({
      env: env(`http://127.0.0.1:${port}/t?x=1`),
      timeoutMs: 300,
    })!('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EndpointTimeoutError);
    expect((error as Error).message).toBe(`No answer from http://127.0.0.1:${port} within 300ms.`);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
