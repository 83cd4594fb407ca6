import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { generateTlsMaterial } from '@pull-secret/kube-test-server';
import { closeServer } from '../close-server.js';

/** The hosts google-auth-library calls for the flows this server speaks. */
export const GOOGLE_API_HOSTS = [
  'oauth2.googleapis.com',
  'sts.googleapis.com',
  'iamcredentials.googleapis.com',
];

export const OAUTH2_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const SUBJECT_TOKEN_TYPES = [
  'urn:ietf:params:oauth:token-type:jwt',
  'urn:ietf:params:oauth:token-type:id_token',
];

export interface GoogleTestServerOptions {
  /** Service accounts whose key-signed JWT assertions the OAuth2 token endpoint accepts. */
  serviceAccounts?: readonly { email: string; publicKeyPem: string }[];
  /** Subject tokens (an OIDC ID token, say) that STS exchanges, each for one workload identity provider audience. */
  federation?: readonly { audience: string; subjectToken: string }[];
  /** Who may call generateAccessToken for whom: a service account email, or `federated:<audience>`. */
  impersonation?: readonly { caller: string; target: string }[];
  /** Issued access tokens start with this (tests pass a canary). */
  tokenPrefix?: string;
  /** Lifetime of tokens from the OAuth2 and STS endpoints; generateAccessToken uses the lifetime asked for. */
  expiresInSeconds?: number;
}

/** One request, as tests may print it: no assertion, subject token or access token in it. */
export interface GoogleRequestLogEntry {
  host: string;
  method: string;
  path: string;
  status: number;
  grantType?: string;
}

export interface IssuedGoogleToken {
  token: string;
  /** A service account email, or `federated:<audience>` for an STS token. */
  principal: string;
  expiresAt: Date;
}

export interface GoogleTestServer {
  /** http://127.0.0.1:PORT: both an HTTPS proxy (HTTPS_PROXY) for the Google API hosts and the endpoints themselves. */
  url: string;
  /** The CA of the certificate presented for the Google API hosts: trust it to go through the proxy. */
  caPem: string;
  requests: GoogleRequestLogEntry[];
  /** Hosts clients opened a tunnel to, in order. */
  tunnels: string[];
  issued: IssuedGoogleToken[];
  close(): Promise<void>;
}

/**
 * Google's OAuth2 token endpoint (service-account JWT bearer grant), STS token exchange (workload
 * identity federation) and IAM Credentials generateAccessToken, on 127.0.0.1. google-auth-library
 * calls these at fixed https://*.googleapis.com URLs, so the server is also an HTTPS proxy: it accepts
 * CONNECT to those hosts only and answers inside the tunnel with a certificate from its own CA.
 */
export async function startGoogleTestServer(
  options: GoogleTestServerOptions = {},
): Promise<GoogleTestServer> {
  const tls = generateTlsMaterial(new Date(), GOOGLE_API_HOSTS);
  const secureContext = createSecureContext({ cert: tls.certPem, key: tls.keyPem });
  const requests: GoogleRequestLogEntry[] = [];
  const tunnels: string[] = [];
  const issued: IssuedGoogleToken[] = [];
  const prefix = options.tokenPrefix ?? 'ya29.test-';
  const expiresIn = options.expiresInSeconds ?? 3599;
  const serviceAccounts = new Map(
    (options.serviceAccounts ?? []).map((account) => [account.email, createPublicKey(account.publicKeyPem)]),
  );

  const issue = (principal: string, seconds: number): IssuedGoogleToken => {
    const token = {
      token: prefix + randomBytes(18).toString('base64url'),
      principal,
      expiresAt: new Date(Date.now() + seconds * 1000),
    };
    issued.push(token);
    return token;
  };

  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = await readBody(req);
    if (req.method === 'POST' && (path === '/token' || path === '/v1/token')) {
      const form = new URLSearchParams(body);
      const reply = path === '/token' ? jwtBearer(form) : tokenExchange(form);
      const grantType = form.get('grant_type');
      return grantType ? { ...reply, grantType } : reply;
    }
    const impersonate = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(path);
    if (req.method === 'POST' && impersonate) {
      return generateAccessToken(decodeURIComponent(impersonate[1]!), req.headers.authorization, body);
    }
    return googleError(404, 'NOT_FOUND', `${req.method} ${path} is not served here.`);
  };

  const jwtBearer = (form: URLSearchParams): Reply => {
    if (form.get('grant_type') !== JWT_BEARER)
      return oauthError('unsupported_grant_type', 'Invalid grant_type.');
    const claims = verifyAssertion(form.get('assertion') ?? '', serviceAccounts);
    if (typeof claims === 'string') return oauthError('invalid_grant', claims);
    const token = issue(claims.iss, expiresIn);
    return { status: 200, body: { access_token: token.token, expires_in: expiresIn, token_type: 'Bearer' } };
  };

  const tokenExchange = (form: URLSearchParams): Reply => {
    if (form.get('grant_type') !== TOKEN_EXCHANGE)
      return oauthError('unsupported_grant_type', 'Invalid grant_type.');
    if (form.get('requested_token_type') !== ACCESS_TOKEN_TYPE) {
      return oauthError('invalid_request', 'Invalid requested_token_type.');
    }
    if (!SUBJECT_TOKEN_TYPES.includes(form.get('subject_token_type') ?? '')) {
      return oauthError('invalid_request', 'Invalid subject_token_type.');
    }
    const audience = form.get('audience') ?? '';
    const known = options.federation?.find((entry) => entry.audience === audience);
    if (!known)
      return oauthError(
        'invalid_target',
        'The target service indicated by the "audience" parameters is invalid.',
      );
    if (form.get('subject_token') !== known.subjectToken) {
      return oauthError(
        'invalid_grant',
        'The subject token is not valid for this workload identity provider.',
      );
    }
    const token = issue(`federated:${audience}`, expiresIn);
    return {
      status: 200,
      body: {
        access_token: token.token,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: 'Bearer',
        expires_in: expiresIn,
      },
    };
  };

  const generateAccessToken = (target: string, authorization: string | undefined, body: string): Reply => {
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const caller = issued.find((token) => token.token === bearer && token.expiresAt.getTime() > Date.now());
    if (!caller)
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const allowed = options.impersonation?.some(
      (rule) => rule.caller === caller.principal && rule.target === target,
    );
    if (!allowed) {
      return googleError(
        403,
        'PERMISSION_DENIED',
        `Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).`,
      );
    }
    const request = JSON.parse(body || '{}') as { scope?: string[]; lifetime?: string };
    if (!request.scope?.length) return googleError(400, 'INVALID_ARGUMENT', 'Scope required.');
    const lifetime = Number(/^(\d+)s$/.exec(request.lifetime ?? '3600s')?.[1] ?? Number.NaN);
    if (!(lifetime > 0 && lifetime <= 3600)) return googleError(400, 'INVALID_ARGUMENT', 'Invalid lifetime.');
    const token = issue(target, lifetime);
    return { status: 200, body: { accessToken: token.token, expireTime: token.expiresAt.toISOString() } };
  };

  const server = createServer((req, res) => {
    handle(req).then(
      (reply) => send(req, res, reply),
      () => send(req, res, googleError(400, 'INVALID_ARGUMENT', 'Malformed request.')),
    );
  });
  const send = (req: IncomingMessage, res: ServerResponse, reply: Reply) => {
    const entry: GoogleRequestLogEntry = {
      host: req.headers.host ?? '',
      method: req.method ?? '',
      path: (req.url ?? '/').split('?')[0]!,
      status: reply.status,
    };
    if (reply.grantType) entry.grantType = reply.grantType;
    requests.push(entry);
    res
      .writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(reply.body));
  };

  // The proxy: a tunnel to a Google API host ends here, in TLS with this server's certificate.
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!host || !GOOGLE_API_HOSTS.includes(host) || port !== '443') {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    tunnels.push(host);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const tunnel = new TLSSocket(socket, { isServer: true, secureContext });
    tunnel.on('error', () => socket.destroy());
    server.emit('connection', tunnel);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caPem: tls.caPem,
    requests,
    tunnels,
    issued,
    close: () => closeServer(server),
  };
}

interface Reply {
  status: number;
  body: unknown;
  grantType?: string;
}

function oauthError(error: string, description: string): Reply {
  return { status: 400, body: { error, error_description: description } };
}

function googleError(code: number, status: string, message: string): Reply {
  return { status: code, body: { error: { code, message, status } } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface AssertionClaims {
  iss: string;
  aud: string;
  scope: string;
  iat: number;
  exp: number;
}

/** The claims of a service account's RS256 JWT assertion, or why it is refused (Google's wording where known). */
function verifyAssertion(
  assertion: string,
  serviceAccounts: ReadonlyMap<string, ReturnType<typeof createPublicKey>>,
): AssertionClaims | string {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || signature === undefined)
    return 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.';
  let parsedHeader: { alg?: string };
  let claims: Partial<AssertionClaims>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'Invalid JWT: the header or payload is not base64url JSON.';
  }
  if (parsedHeader.alg !== 'RS256') return 'Invalid JWT: alg must be RS256.';
  const key = serviceAccounts.get(claims.iss ?? '');
  if (!key) return 'Invalid grant: account not found';
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) {
    return 'Invalid JWT Signature.';
  }
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (claims.aud !== OAUTH2_TOKEN_URL) return 'Invalid JWT: Failed audience check.';
  if (typeof iat !== 'number' || typeof exp !== 'number' || iat > now + 60 || exp < now || exp - iat > 3600) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
  }
  if (typeof claims.scope !== 'string' || claims.scope.length === 0)
    return 'invalid_scope: Invalid OAuth scope.';
  return claims as AssertionClaims;
}
