import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateTlsMaterial } from '@pull-secret/kube-test-server';
import { closeServer } from '../close-server.js';
import { type JwtClaims, signJwt, verifyJwt } from './jwt.js';

/** The audience of AAD tokens meant for ACR's `/oauth2/exchange` (public cloud). */
export const ACR_AUDIENCE = 'https://containerregistry.azure.net';
/** The audience GitHub OIDC tokens carry for Azure workload identity federation. */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
/** The username ACR expects with a refresh token as the password. */
export const ACR_REFRESH_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

/** An app registration: a client secret, a federated credential (OIDC subject), or both. */
export interface AzureTestClient {
  clientId: string;
  clientSecret?: string;
  /** The `sub` an ID token from `mintIdToken` must carry to be accepted as a client assertion. */
  federatedSubject?: string;
}

export interface AzureTestRegistry {
  name: string;
  resourceGroup: string;
  /** `127.0.0.1` (default) or `localhost`: the login server is `<loginHost>:<port>`, this server. */
  loginHost?: '127.0.0.1' | 'localhost';
  /** The admin user's two passwords; the admin user is disabled without them. */
  adminPasswords?: [string, string];
  /** Scope-map token names `generateCredentials` accepts. */
  tokens?: readonly string[];
}

export interface AzureServerOptions {
  tenantId?: string;
  subscriptionId?: string;
  clients?: readonly AzureTestClient[];
  registries?: readonly AzureTestRegistry[];
  /** Lifetime of AAD access tokens; default one hour. */
  accessTokenSeconds?: number;
  /** Lifetime of ACR refresh tokens; default three hours, as ACR's. */
  refreshTokenSeconds?: number;
}

/** One request, without bodies or tokens: names and non-secret fields only. */
export interface AzureRequestLogEntry {
  method: string;
  path: string;
  /** `grant_type` of a token or exchange request. */
  grantType?: string;
  clientId?: string;
  scope?: string;
  /** `service` of an exchange request. */
  service?: string;
  /** The audience of the bearer or exchanged AAD token, when valid. */
  audience?: string;
  status: number;
}

export interface AzureTestServer {
  /** `https://127.0.0.1:PORT`: the AAD authority host and the ARM endpoint. */
  url: string;
  port: number;
  /** The CA certificate that issued the server's certificate; clients must trust it. */
  caPem: string;
  tenantId: string;
  subscriptionId: string;
  /** Each registry's login server (`127.0.0.1:PORT` or `localhost:PORT`), by registry name. */
  loginServer(name: string): string;
  /** An ID token as GitHub's OIDC provider would issue it, for `ClientAssertionCredential`. */
  mintIdToken(claims: { sub: string; aud?: string }): string;
  /** Every token and password the server issued: what a canary check must not find in output. */
  issued: { accessTokens: string[]; refreshTokens: string[]; tokenPasswords: string[] };
  requests: AzureRequestLogEntry[];
  close(): Promise<void>;
}

interface HandlerResult {
  status: number;
  body: unknown;
  log?: Partial<AzureRequestLogEntry>;
}

const ARM_PREFIX =
  /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.ContainerRegistry\/registries(?:\/([^/]+)(?:\/(listCredentials|generateCredentials))?)?$/i;

/**
 * Entra ID (AAD), Azure Resource Manager and an ACR login server on one loopback HTTPS port:
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration` and `POST /{tenant}/oauth2/v2.0/token`
 *   (client credentials with a secret or a client assertion), issuing JWT access tokens for the scope's
 *   audience;
 * - ARM `registries` list and get, `listCredentials` and `generateCredentials`, which want a bearer token
 *   whose audience is this server's URL (the SDK asks for `<endpoint>/.default`);
 * - ACR `POST /oauth2/exchange` (`grant_type=access_token`), which wants an AAD token for the ACR audience
 *   and returns a refresh token JWT with an `exp` claim.
 */
export async function startAzureServer(options: AzureServerOptions = {}): Promise<AzureTestServer> {
  const tls = generateTlsMaterial();
  const key = randomBytes(32);
  const tenantId = options.tenantId ?? randomUUID();
  const subscriptionId = options.subscriptionId ?? randomUUID();
  const clients = options.clients ?? [];
  const registries = options.registries ?? [];
  const accessTokenSeconds = options.accessTokenSeconds ?? 3600;
  const refreshTokenSeconds = options.refreshTokenSeconds ?? 3 * 3600;
  const issued: AzureTestServer['issued'] = { accessTokens: [], refreshTokens: [], tokenPasswords: [] };
  const requests: AzureRequestLogEntry[] = [];
  let url = '';
  let port = 0;
  const now = () => Math.floor(Date.now() / 1000);
  const loginServerOf = (registry: AzureTestRegistry) => `${registry.loginHost ?? '127.0.0.1'}:${port}`;

  const registryResource = (registry: AzureTestRegistry) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${registry.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry.name}`,
    name: registry.name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'westeurope',
    sku: { name: 'Standard', tier: 'Standard' },
    properties: {
      loginServer: loginServerOf(registry),
      adminUserEnabled: registry.adminPasswords !== undefined,
      provisioningState: 'Succeeded',
    },
  });

  const aadError = (status: number, error: string, code: number, description: string): HandlerResult => ({
    status,
    body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
  });
  const armError = (status: number, code: string, message: string): HandlerResult => ({
    status,
    body: { error: { code, message } },
  });

  function openIdConfiguration(tenant: string): HandlerResult {
    const base = `${url}/${tenant}`;
    return {
      status: 200,
      body: {
        issuer: `${url}/${tenant}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        tenant_region_scope: 'EU',
      },
    };
  }

  function token(tenant: string, form: URLSearchParams): HandlerResult {
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const log = { grantType: form.get('grant_type') ?? '', clientId, scope };
    if (tenant !== tenantId) {
      return { ...aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`), log };
    }
    if (log.grantType !== 'client_credentials') {
      return { ...aadError(400, 'unsupported_grant_type', 70003, 'The grant type is not supported.'), log };
    }
    const client = clients.find((candidate) => candidate.clientId === clientId);
    if (!client) {
      return {
        ...aadError(400, 'unauthorized_client', 700016, `Application '${clientId}' was not found.`),
        log,
      };
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (client.clientSecret === undefined || secret !== client.clientSecret) {
        return { ...aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.'), log };
      }
    } else if (assertion !== null) {
      const claims = verifyJwt(assertion, key, now());
      if (
        form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
        !claims ||
        claims.aud !== FEDERATION_AUDIENCE ||
        client.federatedSubject === undefined ||
        claims.sub !== client.federatedSubject
      ) {
        return {
          ...aadError(400, 'invalid_client', 700213, 'No matching federated identity record found.'),
          log,
        };
      }
    } else {
      return {
        ...aadError(401, 'invalid_client', 7000216, 'client_assertion or client_secret is required.'),
        log,
      };
    }
    const audience = scope.split(' ')[0]?.replace(/\/?\.default$/, '') ?? '';
    if (!audience) return { ...aadError(400, 'invalid_scope', 70011, 'The scope is not valid.'), log };
    const accessToken = signJwt(
      {
        aud: audience,
        iss: `${url}/${tenantId}/`,
        tid: tenantId,
        appid: clientId,
        oid: randomUUID(),
        sub: clientId,
        iat: now(),
        nbf: now(),
        exp: now() + accessTokenSeconds,
      },
      key,
    );
    issued.accessTokens.push(accessToken);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: accessTokenSeconds,
        ext_expires_in: accessTokenSeconds,
        access_token: accessToken,
      },
      log,
    };
  }

  /** The AAD token's claims when it is valid and for one of `audiences`. */
  function validToken(token: string | undefined, audiences: readonly string[]): JwtClaims | undefined {
    const claims = token ? verifyJwt(token, key, now()) : undefined;
    return claims && typeof claims.aud === 'string' && audiences.includes(claims.aud) ? claims : undefined;
  }

  function arm(request: IncomingMessage, path: string, body: string): HandlerResult {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const claims = validToken(bearer, [url, `${url}/`]);
    if (!claims) {
      return armError(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid or has the wrong audience.',
      );
    }
    const log = { audience: claims.aud as string };
    const match = ARM_PREFIX.exec(path);
    if (!match)
      return { ...armError(404, 'InvalidResourceType', 'The resource type could not be found.'), log };
    const [, subscription, group, name, action] = match;
    if (subscription !== subscriptionId) {
      return {
        ...armError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`),
        log,
      };
    }
    const inGroup = registries.filter(
      (registry) => group === undefined || registry.resourceGroup.toLowerCase() === group.toLowerCase(),
    );
    if (name === undefined) {
      if (request.method !== 'GET') return { ...armError(405, 'MethodNotAllowed', 'Use GET.'), log };
      return { status: 200, body: { value: inGroup.map(registryResource) }, log };
    }
    const registry =
      group === undefined ? undefined : inGroup.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!registry) {
      return {
        ...armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.ContainerRegistry/registries/${name}' was not found.`,
        ),
        log,
      };
    }
    if (action === undefined) return { status: 200, body: registryResource(registry), log };
    if (request.method !== 'POST') return { ...armError(405, 'MethodNotAllowed', 'Use POST.'), log };
    if (action.toLowerCase() === 'listcredentials') {
      if (!registry.adminPasswords) {
        return {
          ...armError(400, 'AdminUserDisabled', 'The admin user is disabled for this registry.'),
          log,
        };
      }
      return {
        status: 200,
        body: {
          username: registry.name,
          passwords: [
            { name: 'password', value: registry.adminPasswords[0] },
            { name: 'password2', value: registry.adminPasswords[1] },
          ],
        },
        log,
      };
    }
    let parameters: { tokenId?: string; expiry?: string; name?: string };
    try {
      parameters = JSON.parse(body) as typeof parameters;
    } catch {
      return { ...armError(400, 'InvalidRequestContent', 'The request content is not valid JSON.'), log };
    }
    const tokenPrefix = `${registryResource(registry).id}/tokens/`.toLowerCase();
    const tokenName = parameters.tokenId?.toLowerCase().startsWith(tokenPrefix)
      ? parameters.tokenId.slice(tokenPrefix.length)
      : undefined;
    if (!tokenName || !(registry.tokens ?? []).includes(tokenName)) {
      return {
        ...armError(404, 'ResourceNotFound', `The token '${parameters.tokenId ?? ''}' was not found.`),
        log,
      };
    }
    const passwordName = parameters.name ?? 'password1';
    if (passwordName !== 'password1' && passwordName !== 'password2') {
      return { ...armError(400, 'InvalidParameter', 'name must be password1 or password2.'), log };
    }
    const password = randomBytes(24).toString('base64');
    issued.tokenPasswords.push(password);
    return {
      status: 200,
      body: {
        username: tokenName,
        passwords: [
          {
            creationTime: new Date().toISOString(),
            expiry: parameters.expiry,
            name: passwordName,
            value: password,
          },
        ],
      },
      log,
    };
  }

  function exchange(request: IncomingMessage, form: URLSearchParams): HandlerResult {
    const service = form.get('service') ?? '';
    const log = { grantType: form.get('grant_type') ?? '', service };
    const unauthorized = (message: string): HandlerResult => ({
      status: 401,
      body: { errors: [{ code: 'UNAUTHORIZED', message }] },
      log,
    });
    if (log.grantType !== 'access_token') return unauthorized('grant_type must be access_token.');
    const registry = registries.find((candidate) => loginServerOf(candidate) === service);
    if (!registry || request.headers.host !== service)
      return unauthorized(`service '${service}' is not this registry.`);
    const tenant = form.get('tenant');
    if (tenant !== null && tenant !== tenantId) return unauthorized('The tenant does not match the token.');
    const claims = validToken(form.get('access_token') ?? undefined, [ACR_AUDIENCE, url]);
    if (!claims) return unauthorized('The access token is invalid or has the wrong audience.');
    const refreshToken = signJwt(
      {
        jti: randomUUID(),
        sub: claims.sub,
        iss: 'Azure Container Registry',
        aud: service,
        tenant: tenantId,
        grant_type: 'refresh_token',
        version: '1.0',
        iat: now(),
        nbf: now(),
        exp: now() + refreshTokenSeconds,
      },
      key,
    );
    issued.refreshTokens.push(refreshToken);
    return {
      status: 200,
      body: { refresh_token: refreshToken },
      log: { ...log, audience: claims.aud as string },
    };
  }

  function route(request: IncomingMessage, path: string, body: string): HandlerResult {
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? body : '');
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (openId && request.method === 'GET') return openIdConfiguration(openId[1]!);
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (tokenPath && request.method === 'POST') return token(tokenPath[1]!, form);
    if (path === '/oauth2/exchange' && request.method === 'POST') return exchange(request, form);
    if (path.startsWith('/subscriptions/')) return arm(request, path, body);
    return { status: 404, body: { error: 'not_found' } };
  }

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', url).pathname;
      const result = route(request, path, Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: request.method ?? '', path, ...result.log, status: result.status });
      send(response, result);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;

  return {
    url,
    port,
    caPem: tls.caPem,
    tenantId,
    subscriptionId,
    loginServer(name) {
      const registry = registries.find((candidate) => candidate.name === name);
      if (!registry) throw new Error(`No test registry named ${name}.`);
      return loginServerOf(registry);
    },
    mintIdToken({ sub, aud = FEDERATION_AUDIENCE }) {
      return signJwt(
        { iss: 'https://token.actions.githubusercontent.com', sub, aud, iat: now(), exp: now() + 300 },
        key,
      );
    },
    issued,
    requests,
    close: () => closeServer(server),
  };
}

function send(response: ServerResponse, result: HandlerResult): void {
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': randomUUID(),
  });
  response.end(text);
}
