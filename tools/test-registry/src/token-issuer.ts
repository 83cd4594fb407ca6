import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/** What one user may do: repository name → actions (`pull`, `push`); `*` matches every repository. */
export type Grants = Readonly<Record<string, readonly string[]>>;

export interface TokenIssuerOptions {
  /** The issuer's HTTPS certificate and key (the same CA as the registry's). */
  tlsCertPem: string;
  tlsKeyPem: string;
  /** The certificate whose key signs tokens; the registry trusts it through `rootcertbundle`. */
  signingCertPem: string;
  signingKeyPem: string;
  issuer: string;
  service: string;
  /** username → [password, grants]. Unknown users and wrong passwords get 401. */
  users: Readonly<Record<string, { password: string; grants: Grants }>>;
  /** The response field the token goes in: Docker's `token`, OAuth2's `access_token`, or both. */
  tokenField: 'token' | 'access_token' | 'both';
  expiresInSeconds: number;
  /**
   * Answer 400 to a request whose `service` is not exactly one, its own, as Azure's token endpoint
   * does (a token URL that already holds `service=` and gets a second one appended, binderhub#1620).
   */
  strictService?: boolean;
}

export interface TokenRequestLogEntry {
  service: string | null;
  scopes: string[];
  /** The Basic user, or null for an anonymous request. Never the password. */
  username: string | null;
}

export interface TokenIssuer {
  realm: string;
  requests: TokenRequestLogEntry[];
  close(): Promise<void>;
}

/**
 * A Docker token server (the `realm` of a Bearer challenge): GET ?service=&scope=repository:NAME:ACTIONS
 * with Basic auth answers a JWT the registry verifies. Like Docker Hub's and Harbor's, it grants only
 * what the user may do and returns an empty grant (still 200) for the rest, and anonymous requests get
 * a token with no access.
 */
export async function startTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  // distribution 2.8 finds the key through the x5c chain, verified against its rootcertbundle.
  const signingKey = createPrivateKey(options.signingKeyPem);
  const requests: TokenRequestLogEntry[] = [];

  const server: Server = createServer({ cert: options.tlsCertPem, key: options.tlsKeyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://issuer');
    if (req.method !== 'GET' || url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    const scopes = url.searchParams.getAll('scope').flatMap((scope) => scope.split(' ').filter(Boolean));
    const basic = parseBasic(req.headers.authorization);
    requests.push({ service: url.searchParams.get('service'), scopes, username: basic?.username ?? null });
    const services = url.searchParams.getAll('service');
    if (options.strictService && (services.length !== 1 || services[0] !== options.service)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ details: 'service must be given once, as this registry' }));
      return;
    }
    let grants: Grants = {};
    if (basic) {
      const user = options.users[basic.username];
      if (!user || user.password !== basic.password) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'incorrect username or password' }));
        return;
      }
      grants = user.grants;
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: options.issuer,
      sub: basic?.username ?? '',
      aud: url.searchParams.get('service') ?? options.service,
      exp: now + options.expiresInSeconds,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: scopes.flatMap((scope) => granted(scope, grants)),
    };
    const token = signRegistryToken(claims, signingKey, options.signingCertPem);
    const body: Record<string, unknown> = {
      expires_in: options.expiresInSeconds,
      issued_at: new Date(now * 1000).toISOString(),
    };
    if (options.tokenField !== 'access_token') body.token = token;
    if (options.tokenField !== 'token') body.access_token = token;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `https://127.0.0.1:${port}/token`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The part of `repository:NAME:ACTIONS` the grants allow, as a JWT `access` entry (none if nothing). */
function granted(scope: string, grants: Grants) {
  const match = /^repository:([^:]+):(.+)$/.exec(scope);
  if (!match) return [];
  const [, name, wanted] = match as unknown as [string, string, string];
  const allowed = [...(grants[name] ?? []), ...(grants['*'] ?? [])];
  const actions = wanted.split(',').filter((action) => allowed.includes(action));
  return actions.length === 0 ? [] : [{ type: 'repository', name, actions }];
}

/**
 * A registry bearer token: an ES256 JWT whose `x5c` header carries the signing certificate, which
 * distribution verifies against its `rootcertbundle`.
 */
export function signRegistryToken(
  claims: object,
  key: ReturnType<typeof createPrivateKey>,
  signingCertPem: string,
): string {
  const header = {
    alg: 'ES256',
    typ: 'JWT',
    x5c: [new X509Certificate(signingCertPem).raw.toString('base64')],
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(claims)}`;
  // JWS ES256 is r||s, 64 bytes, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
