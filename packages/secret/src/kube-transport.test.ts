import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpLibrary, ResponseContext } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { dispatcherTransport, sameValue, sharedDispatcherAuthentication } from './kube-transport.js';
import { IN_CLUSTER_TOKEN } from './load-kubeconfig.js';

describe('dispatcherTransport', () => {
  it('hands a request client-node gave no dispatcher to the fallback library, with the attempt’s signal', async () => {
    const parts = await import('./client-node-parts.js');
    const { RequestContext } = parts;
    const context = new RequestContext('https://kube.example:6443/api/v1/namespaces', 'GET');
    const signal = AbortSignal.timeout(60_000);
    const answer = new parts.ResponseContext(
      200,
      {},
      new parts.SelfDecodingBody(Promise.resolve(Buffer.from('{}'))),
    );
    const sent: unknown[] = [];
    const fallback: HttpLibrary = {
      send(request) {
        sent.push(request);
        return new parts.Observable(Promise.resolve(answer));
      },
    };
    const response: ResponseContext = await dispatcherTransport(parts, signal, fallback)
      .send(context)
      .toPromise();
    expect(sent).toEqual([context]);
    expect(context.getSignal()).toBe(signal);
    expect(response).toBe(answer);
  });
});

describe('sharedDispatcherAuthentication', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const configFor = async (
    cluster: Record<string, unknown>,
    user: Record<string, unknown>,
  ): Promise<import('@kubernetes/client-node').KubeConfig> => {
    const { KubeConfig } = await import('./client-node-parts.js');
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://kube.example:6443', ...cluster }],
      users: [{ name: 'u', ...user }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return config;
  };
  const apply = async (auth: { applySecurityAuthentication(context: unknown): unknown }) => {
    const { RequestContext } = await import('./client-node-parts.js');
    const context = new RequestContext('https://kube.example:6443/api/v1/namespaces', 'GET');
    await auth.applySecurityAuthentication(context);
    return context;
  };

  it('gives every request the same dispatcher while the TLS settings stay the same, and the token', async () => {
    const parts = await import('./client-node-parts.js');
    const config = await configFor({ caData: b64('ca-1') }, { token: 'CANARY-token-3c1e' });
    const auth = sharedDispatcherAuthentication(parts, config);
    const first = await apply(auth);
    const second = await apply(auth);
    expect(first.getDispatcher()).toBeInstanceOf(parts.Agent);
    expect(second.getDispatcher()).toBe(first.getDispatcher());
    expect(first.getHeaders().Authorization).toBe('Bearer CANARY-token-3c1e');
  });

  it("follows the kubelet's rotation of an in-cluster token: read again once a minute has passed, as client-go", async () => {
    const parts = await import('./client-node-parts.js');
    const prefix = mkdtempSync(join(tmpdir(), 'in-cluster-token-'));
    const mount = join(prefix, IN_CLUSTER_TOKEN, '..');
    mkdirSync(mount, { recursive: true });
    writeFileSync(join(mount, 'token'), 'CANARY-token-before');
    writeFileSync(join(mount, 'ca.crt'), 'ca-1');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '10.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '443');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const config = new parts.KubeConfig();
      config.loadFromCluster(prefix);
      const auth = sharedDispatcherAuthentication(parts, config);
      expect((await apply(auth)).getHeaders().Authorization).toBe('Bearer CANARY-token-before');
      writeFileSync(join(mount, 'token'), 'CANARY-token-after');
      vi.advanceTimersByTime(30_000);
      expect((await apply(auth)).getHeaders().Authorization).toBe('Bearer CANARY-token-before');
      vi.advanceTimersByTime(31_000);
      expect((await apply(auth)).getHeaders().Authorization).toBe('Bearer CANARY-token-after');
    } finally {
      vi.useRealTimers();
      vi.unstubAllEnvs();
    }
  });

  it('makes a new dispatcher when the client certificate changes, and closes the old one', async () => {
    const parts = await import('./client-node-parts.js');
    const config = await configFor(
      { caData: b64('ca-1') },
      { certData: b64('cert-1'), keyData: b64('key-1') },
    );
    const auth = sharedDispatcherAuthentication(parts, config);
    const old = (await apply(auth)).getDispatcher() as import('undici').Agent;
    config.users[0] = { ...config.users[0]!, certData: b64('cert-2') };
    const renewed = (await apply(auth)).getDispatcher();
    expect(renewed).toBeInstanceOf(parts.Agent);
    expect(renewed).not.toBe(old);
    await new Promise((resolve) => setImmediate(resolve));
    expect(old.closed).toBe(true);
    expect((await apply(auth)).getDispatcher()).toBe(renewed);
  });

  it('makes a new dispatcher when the CA or TLS verification changes', async () => {
    const parts = await import('./client-node-parts.js');
    const config = await configFor({ caData: b64('ca-1') }, { token: 't' });
    const auth = sharedDispatcherAuthentication(parts, config);
    const first = (await apply(auth)).getDispatcher();
    config.clusters[0] = { ...config.clusters[0]!, caData: b64('ca-2') };
    const second = (await apply(auth)).getDispatcher();
    expect(second).not.toBe(first);
    config.clusters[0] = { ...config.clusters[0]!, skipTLSVerify: true };
    expect((await apply(auth)).getDispatcher()).not.toBe(second);
  });

  it('sends basic auth and impersonation as client-node does', async () => {
    const parts = await import('./client-node-parts.js');
    const config = await configFor(
      {},
      { username: 'me', password: 'CANARY-pass-77a0', impersonateUser: 'someone' },
    );
    const context = await apply(sharedDispatcherAuthentication(parts, config));
    expect(context.getHeaders().Authorization).toBe(`Basic ${b64('me:CANARY-pass-77a0')}`);
    expect(context.getHeaders()['Impersonate-User']).toBe('someone');
    // No TLS settings at all: still a pooled dispatcher of ours, trusting the system's CAs.
    expect(context.getDispatcher()).toBeInstanceOf(parts.Agent);
  });

  it('goes through the cluster’s proxy-url with one shared proxy dispatcher', async () => {
    const parts = await import('./client-node-parts.js');
    const http = await configFor({ proxyUrl: 'http://proxy.example:3128' }, { token: 't' });
    const auth = sharedDispatcherAuthentication(parts, http);
    const first = (await apply(auth)).getDispatcher();
    expect(first).toBeInstanceOf(parts.ProxyAgent);
    expect((await apply(auth)).getDispatcher()).toBe(first);

    const socks = await configFor({ proxyUrl: 'socks5://proxy.example:1080' }, { token: 't' });
    const socksAuth = sharedDispatcherAuthentication(parts, socks);
    const viaSocks = (await apply(socksAuth)).getDispatcher();
    expect(typeof (viaSocks as { request?: unknown }).request).toBe('function');
    expect((await apply(socksAuth)).getDispatcher()).toBe(viaSocks);
  });

  it('refuses plain http without insecure-skip-tls-verify, as client-node does', async () => {
    const parts = await import('./client-node-parts.js');
    const config = await configFor({ server: 'http://kube.example:8080' }, { token: 't' });
    await expect(apply(sharedDispatcherAuthentication(parts, config))).rejects.toThrow(/HTTP protocol/);
  });
});

describe('sameValue', () => {
  it('compares settings by value, Buffers by content, undefined fields as absent', () => {
    expect(sameValue({ a: Buffer.from('x'), b: [1, 2] }, { a: Buffer.from('x'), b: [1, 2] })).toBe(true);
    expect(sameValue({ a: Buffer.from('x') }, { a: Buffer.from('y') })).toBe(false);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: Buffer.from('x') }, { a: 'x' })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, c: 2 })).toBe(false);
  });
});
