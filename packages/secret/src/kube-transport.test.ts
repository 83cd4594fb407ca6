import type { HttpLibrary, ResponseContext } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { dispatcherTransport } from './kube-transport.js';

describe('dispatcherTransport', () => {
  it('hands a request client-node gave no dispatcher to the fallback library, with the attempt’s signal', async () => {
    const parts = await import('./client-node-parts.js');
    const { RequestContext } = await import('@kubernetes/client-node/dist/gen/http/http.js');
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
