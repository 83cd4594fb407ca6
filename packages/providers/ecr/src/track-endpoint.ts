/** The part of an AWS SDK client this needs: its middleware stack. */
interface ClientWithMiddleware {
  middlewareStack: { add(middleware: unknown, options: unknown): void };
}

interface BuiltRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/**
 * The endpoint a client's requests actually go to (after endpoint rules and AWS_ENDPOINT_URL_*
 * overrides), read from each request once it is built; `fallback` until then. For naming the endpoint
 * in a timeout error.
 */
export function trackEndpoint(client: ClientWithMiddleware, fallback: string): () => string {
  let endpoint = fallback;
  client.middlewareStack.add(
    (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
      const request = args.request as BuiltRequest;
      if (request.hostname) {
        endpoint = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
      }
      return next(args);
    },
    { step: 'build', name: 'pullSecretTrackEndpoint' },
  );
  return () => endpoint;
}
