import tls from 'node:tls';
import {
  type AzureTestServer,
  startAzureServer,
  startImdsWithoutIdentity,
} from '@pull-secret/cloud-test-servers';
import { CredentialUnavailableError, PullSecretError } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACR_REFRESH_TOKEN_USERNAME, jwtClaims } from '../src/acr-exchange.js';
import { type FromAcrInit, fromAcr } from '../src/from-acr.js';

const CLIENT_SECRET = 'CANARY-acr-client-secret-5e1f';
const ADMIN_PASSWORDS: [string, string] = ['CANARY-acr-admin-1-77aa', 'CANARY-acr-admin-2-77aa'];
const SUBJECT = 'repo:octo/app:ref:refs/heads/main';

let server: AzureTestServer;
let base: FromAcrInit;

beforeAll(async () => {
  server = await startAzureServer({
    clients: [
      { clientId: 'ci-app', clientSecret: CLIENT_SECRET },
      { clientId: 'gh-app', federatedSubject: SUBJECT },
    ],
    registries: [
      { name: 'shop', resourceGroup: 'rg-shop', adminPasswords: ADMIN_PASSWORDS, tokens: ['ci-pull'] },
      { name: 'labs', resourceGroup: 'rg-labs', loginHost: 'localhost' },
    ],
  });
  // Test-only: trust the server's CA in this worker, as NODE_EXTRA_CA_CERTS would.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), server.caPem]);
  base = {
    tenantId: server.tenantId,
    clientId: 'ci-app',
    clientSecret: CLIENT_SECRET,
    subscriptionId: server.subscriptionId,
    authorityHost: server.url,
    armEndpoint: server.url,
  };
});
afterAll(() => server?.close());

/** Every secret the test or the server made: none may appear where it is not the deliverable. */
function secrets(): string[] {
  return [
    CLIENT_SECRET,
    ...ADMIN_PASSWORDS,
    ...server.issued.accessTokens,
    ...server.issued.refreshTokens,
    ...server.issued.tokenPasswords,
  ];
}

async function failure(promise: Promise<unknown>): Promise<PullSecretError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PullSecretError);
  const text = `${(error as Error).message} ${(error as PullSecretError).hint}`;
  for (const secret of secrets()) expect(text).not.toContain(secret);
  return error as PullSecretError;
}

describe('fromAcr exchange', () => {
  it('trades a client-secret sign-in for refresh tokens, one per login server, expiring at their exp', async () => {
    const shop = server.loginServer('shop');
    const labs = server.loginServer('labs');
    const credentials = await fromAcr({ ...base, registries: [`https://${shop}/team`, labs] })();
    expect(credentials.map((c) => [c.registry, c.username])).toEqual([
      [`https://${shop}/team`, ACR_REFRESH_TOKEN_USERNAME],
      [labs, ACR_REFRESH_TOKEN_USERNAME],
    ]);
    for (const credential of credentials) {
      expect(server.issued.refreshTokens).toContain(credential.password);
      const exp = jwtClaims(credential.password)?.exp as number;
      expect(credential.expiresAt?.getTime()).toBe(exp * 1000);
      expect(credential.expiresAt!.getTime() - Date.now()).toBeGreaterThan(2.9 * 3600_000);
    }
    const exchanges = server.requests.filter((request) => request.path === '/oauth2/exchange');
    expect(exchanges.slice(-2)).toMatchObject([
      {
        service: shop,
        grantType: 'access_token',
        audience: 'https://containerregistry.azure.net',
        status: 200,
      },
      { service: labs, status: 200 },
    ]);
    // Registries given: no ARM call is needed, so AcrPull alone is enough.
    expect(server.requests.some((request) => request.path.startsWith('/subscriptions/'))).toBe(false);
  });

  it('signs in with a GitHub OIDC token as a client assertion', async () => {
    const audiences: string[] = [];
    const credentials = await fromAcr({
      registries: [server.loginServer('shop')],
      tenantId: server.tenantId,
      clientId: 'gh-app',
      idToken: async (audience) => {
        audiences.push(audience);
        return server.mintIdToken({ sub: SUBJECT, aud: audience });
      },
      authorityHost: server.url,
    })();
    expect(new Set(audiences)).toEqual(new Set(['api://AzureADTokenExchange']));
    expect(credentials[0]?.username).toBe(ACR_REFRESH_TOKEN_USERNAME);
    expect(server.requests.at(-2)).toMatchObject({ clientId: 'gh-app', status: 200 });
  });

  it('finds every registry of the subscription in ARM when none is given', async () => {
    const credentials = await fromAcr(base)();
    expect(credentials.map((c) => c.registry)).toEqual([
      server.loginServer('shop'),
      server.loginServer('labs'),
    ]);
  });

  it('says Entra ID refused a wrong secret, without the secret', async () => {
    const error = await failure(
      fromAcr({ ...base, clientSecret: 'CANARY-wrong-secret', registries: [server.loginServer('shop')] })(),
    );
    expect(error.message).toBe('Entra ID refused the Azure sign-in (AADSTS7000215).');
    expect(`${error.message}${error.hint}`).not.toContain('CANARY-wrong-secret');
  });

  it('refuses a GitHub token whose subject has no federated credential', async () => {
    const error = await failure(
      fromAcr({
        registries: [server.loginServer('shop')],
        tenantId: server.tenantId,
        clientId: 'gh-app',
        idToken: async (audience) => server.mintIdToken({ sub: 'repo:octo/app:pull_request', aud: audience }),
        authorityHost: server.url,
      })(),
    );
    expect(error.message).toBe('Entra ID refused the Azure sign-in (AADSTS700213).');
    expect(error.hint).toContain('federated credential');
  });

  it('says which registry refused the exchange, and which role to grant', async () => {
    const forged = {
      getToken: async () => ({ token: 'CANARY-forged-token', expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const shop = server.loginServer('shop');
    const error = await failure(fromAcr({ credential: forged, registries: [shop] })());
    expect(error.message).toBe(`${shop} refused the Azure token exchange (HTTP 401, UNAUTHORIZED).`);
    expect(error.hint).toContain('AcrPull');
    expect(error.message).not.toContain('CANARY-forged-token');
  });
});

describe('fromAcr admin and token', () => {
  it('reads the admin user from listCredentials, found by its login server', async () => {
    const credentials = await fromAcr({ ...base, auth: 'admin', registries: [server.loginServer('shop')] })();
    expect(credentials).toEqual([
      { registry: server.loginServer('shop'), username: 'shop', password: ADMIN_PASSWORDS[0] },
    ]);
  });

  it('says the admin user is disabled, naming the role admin mode needs', async () => {
    const error = await failure(
      fromAcr({
        ...base,
        auth: 'admin',
        resourceGroup: 'rg-labs',
        registries: [server.loginServer('labs')],
      })(),
    );
    expect(error.message).toBe(
      'Azure Resource Manager refused listCredentials on labs (HTTP 400, AdminUserDisabled).',
    );
    expect(error.hint).toContain('listCredentials/action');
  });

  it('generates a scope-map token password with the expiry it asked for', async () => {
    const now = new Date();
    const credentials = await fromAcr({
      ...base,
      auth: 'token',
      tokenName: 'ci-pull',
      tokenPassword: 'password2',
      tokenLifetimeSeconds: 3600,
      now: () => now,
      registries: [server.loginServer('shop')],
    })();
    expect(credentials).toEqual([
      {
        registry: server.loginServer('shop'),
        username: 'ci-pull',
        password: server.issued.tokenPasswords.at(-1),
        expiresAt: new Date(now.getTime() + 3600_000),
      },
    ]);
  });

  it('generates a token password once while it is young: calling again must not rotate the one in use', async () => {
    const provider = fromAcr({
      ...base,
      auth: 'token',
      tokenName: 'ci-pull',
      registries: [server.loginServer('shop')],
    });
    const generated = () =>
      server.requests.filter((request) => request.path.endsWith('/generateCredentials')).length;
    const before = generated();
    const [first] = await provider();
    const [second] = await provider();
    expect(generated() - before).toBe(1);
    expect(second?.password).toBe(first?.password);
  });

  it('says a token or registry that is not there is not there', async () => {
    const noToken = await failure(
      fromAcr({ ...base, auth: 'token', tokenName: 'nope', registries: [server.loginServer('shop')] })(),
    );
    expect(noToken.message).toBe(
      'Azure Resource Manager refused generateCredentials for token nope on shop (HTTP 404, ResourceNotFound).',
    );
    const noRegistry = await failure(fromAcr({ ...base, auth: 'admin', registries: ['other.azurecr.io'] })());
    expect(noRegistry.message).toBe('No registry with login server other.azurecr.io is in the subscription.');
  });
});

describe('fromAcr input checks', () => {
  it('asks for what each mode needs, naming the flag and env variable', async () => {
    expect(() => fromAcr({ auth: 'service-principal', registries: ['r.azurecr.io'] })).toThrow(
      expect.objectContaining({
        message: 'ACR service-principal mode needs a client ID and a client secret.',
        hint: expect.stringContaining('AZURE_CLIENT_ID'),
      }),
    );
    expect(() => fromAcr({ auth: 'service-principal', clientId: 'a', clientSecret: 'CANARY-x' })).toThrow(
      'ACR service-principal mode needs the registries to log in to.',
    );
    expect(() => fromAcr({ auth: 'token', registries: ['r.azurecr.io'] })).toThrow(
      'ACR token mode needs the name of a scope-map token.',
    );
    expect(() => fromAcr({ registries: ['a.azurecr.io', 'b.azurecr.cn'] })).toThrow(
      'The registries belong to different Azure clouds.',
    );
    const noSubscription = await failure(fromAcr({ ...base, subscriptionId: undefined, auth: 'admin' })());
    // The library names the option neutrally; the CLI words it as its flag.
    expect(noSubscription.hint).toBe('Set the azure-subscription-id option or AZURE_SUBSCRIPTION_ID.');
    expect(noSubscription.render((option) => `--${option}`).hint).toBe(
      'Set --azure-subscription-id or AZURE_SUBSCRIPTION_ID.',
    );
    await expect(
      fromAcr({ clientSecret: CLIENT_SECRET, authorityHost: server.url, registries: ['r.azurecr.io'] })(),
    ).rejects.toThrow('A client secret was given without its tenant and client ID.');
  });

  it('is unavailable, so a chain moves on, when no Azure identity is found', async () => {
    const unavailable = {
      getToken: async () => {
        const error = new Error('EnvironmentCredential is unavailable.');
        error.name = 'CredentialUnavailableError';
        throw error;
      },
    };
    const error = await failure(fromAcr({ credential: unavailable, registries: ['r.azurecr.io'] })());
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe('No Azure identity is available here.');
  });

  it("with no identity at all, DefaultAzureCredential's aggregate error reads as no identity, naming what it tried", async () => {
    const imds = await startImdsWithoutIdentity();
    for (const name of Object.keys(process.env).filter((key) => /^(AZURE_|IDENTITY_|MSI_|IMDS_)/.test(key))) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AZURE_POD_IDENTITY_AUTHORITY_HOST', imds.url);
    vi.stubEnv('PATH', '/nonexistent');
    try {
      const error = await failure(
        fromAcr({ registries: ['shop.azurecr.io'], authorityHost: server.url, timeoutMs: 10_000 })(),
      );
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.code).toBe('ACR_NO_AZURE_IDENTITY');
      expect(error.message).toBe('No Azure identity is available here.');
      expect(error.hint).toMatch(/^Tried: environment variables, .*managed identity.*Azure CLI/);
      expect((error.cause as Error).name).toBe('AggregateAuthenticationError');
    } finally {
      vi.unstubAllEnvs();
      await imds.close();
    }
  }, 30_000);

  it('logs no token or secret in the server request log', () => {
    const log = JSON.stringify(server.requests);
    for (const secret of secrets()) expect(log).not.toContain(secret);
    expect(server.requests.length).toBeGreaterThan(10);
  });
});
