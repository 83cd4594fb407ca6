import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import {
  type GoogleTestServer,
  generateServiceAccountKey,
  startGoogleTestServer,
} from '@pull-secret/cloud-test-servers';
import {
  CredentialUnavailableError,
  InvalidInputError,
  PullSecretError,
} from '@pull-secret/dockerconfigjson';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromGoogle } from '../src/from-google.js';

const CANARY = 'CANARY-gcr-';
const PROVIDER = 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/my-repo';
const AUDIENCE = `//iam.googleapis.com/${PROVIDER}`;
const GITHUB_ID_TOKEN = `${CANARY}github-oidc-token`;
const TARGET = 'deployer@test-project.iam.gserviceaccount.com';
const source = generateServiceAccountKey('puller@test-project.iam.gserviceaccount.com');
const unknown = generateServiceAccountKey('stranger@test-project.iam.gserviceaccount.com');
const dir = mkdtempSync(join(tmpdir(), 'gcr-'));
const keyFile = join(dir, 'key.json');
writeFileSync(keyFile, source.keyJson);

let server: GoogleTestServer;

beforeAll(async () => {
  server = await startGoogleTestServer({
    serviceAccounts: [source],
    federation: [{ audience: AUDIENCE, subjectToken: GITHUB_ID_TOKEN }],
    impersonation: [
      { caller: source.email, target: TARGET },
      { caller: `federated:${AUDIENCE}`, target: TARGET },
    ],
    tokenPrefix: `${CANARY}ya29.`,
  });
  // google-auth-library calls https://*.googleapis.com; the test server is their proxy, with its own CA.
  setDefaultCACertificates([...getCACertificates('default'), server.caPem]);
});
afterAll(() => server?.close());

beforeEach(() => {
  vi.stubEnv('HTTPS_PROXY', server.url);
  vi.stubEnv('NO_PROXY', '');
  vi.stubEnv('no_proxy', '');
  // No ambient identity: no metadata server probe, no gcloud ADC file, no key from the environment.
  vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
  vi.stubEnv('CLOUDSDK_CONFIG', dir);
  vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', '');
  return () => vi.unstubAllEnvs();
});

function issuedTo(token: string) {
  return server.issued.find((issued) => issued.token === token);
}

describe('fromGoogle json-key', () => {
  it('uses the key itself as the password, without network, and it never expires', async () => {
    const before = server.requests.length;
    const provider = fromGoogle({
      registries: ['us-docker.pkg.dev', 'europe-docker.pkg.dev'],
      auth: 'json-key',
      keyFile,
    });
    expect(await provider()).toEqual([
      { registry: 'us-docker.pkg.dev', username: '_json_key', password: source.keyJson.trim() },
      { registry: 'europe-docker.pkg.dev', username: '_json_key', password: source.keyJson.trim() },
    ]);
    expect(server.requests.length).toBe(before);
  });

  it('json-key-base64 sends the key base64-encoded, as _json_key_base64', async () => {
    const [credential] = await fromGoogle({
      registries: ['gcr.io'],
      auth: 'json-key-base64',
      keyJson: source.keyJson,
    })();
    expect(credential?.username).toBe('_json_key_base64');
    expect(Buffer.from(credential!.password, 'base64').toString()).toBe(source.keyJson.trim());
  });

  it('refuses what is not a service account key', async () => {
    const config = JSON.stringify({ type: 'external_account', audience: AUDIENCE });
    const error = await fromGoogle({ registries: ['gcr.io'], auth: 'json-key', keyJson: config })().catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({
      code: 'GCR_NOT_SERVICE_ACCOUNT_KEY',
      message: 'The key is not a service account JSON key.',
    });
    expect(error.hint).toMatch(/access-token/);
  });

  it('without a key it is unavailable, and says where a key comes from', async () => {
    const error = await fromGoogle({ registries: ['gcr.io'], auth: 'json-key' })().catch((e) => e);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.hint).toMatch(/GOOGLE_APPLICATION_CREDENTIALS.*GOOGLE_CREDENTIALS/);
  });

  it('reads the key file named by GOOGLE_APPLICATION_CREDENTIALS when given no key', async () => {
    const env = { GOOGLE_APPLICATION_CREDENTIALS: keyFile };
    const [credential] = await fromGoogle({ registries: ['gcr.io'], auth: 'json-key', env })();
    expect(credential?.password).toBe(source.keyJson.trim());
  });

  it('an unreadable key file is bad input naming the path', async () => {
    const error = await fromGoogle({
      registries: ['gcr.io'],
      auth: 'json-key',
      keyFile: join(dir, 'nope.json'),
    })().catch((e) => e);
    expect(error).toMatchObject({
      code: 'GCR_KEY_FILE_UNREADABLE',
      message: expect.stringContaining('nope.json'),
    });
  });
});

describe('fromGoogle checks its input before any call', () => {
  it.each([
    [{ registries: [] }, 'GCR_NO_REGISTRY'],
    [{ registries: ['ghcr.io'] }, 'GCR_NOT_GOOGLE_REGISTRY'],
    [{ registries: ['gcr.io'], auth: 'password' as never }, 'GCR_INVALID_AUTH'],
    [
      { registries: ['gcr.io'], auth: 'json-key' as const, serviceAccount: TARGET },
      'GCR_JSON_KEY_WITH_IDENTITY',
    ],
    [{ registries: ['gcr.io'], serviceAccount: 'deployer' }, 'GCR_INVALID_SERVICE_ACCOUNT'],
    [
      { registries: ['gcr.io'], workloadIdentityProvider: 'github/my-repo' },
      'GCR_INVALID_WORKLOAD_IDENTITY_PROVIDER',
    ],
  ])('%j', (init, code) => {
    expect(() => fromGoogle(init)).toThrow(expect.objectContaining({ code, hint: expect.any(String) }));
    expect(() => fromGoogle(init)).toThrow(InvalidInputError);
  });

  it('warns that gcr.io is served by Artifact Registry, once per call, and not for pkg.dev', async () => {
    const warnings: string[] = [];
    await fromGoogle({
      registries: ['gcr.io', 'eu.gcr.io', 'us-docker.pkg.dev'],
      auth: 'json-key',
      keyFile,
      warn: (message) => warnings.push(message),
    })();
    expect(warnings).toEqual([
      expect.stringMatching(/^gcr\.io, eu\.gcr\.io: gcr\.io is served by Artifact Registry since 2025/),
    ]);
    await fromGoogle({
      registries: ['us-docker.pkg.dev'],
      auth: 'json-key',
      keyFile,
      warn: (m) => warnings.push(m),
    })();
    expect(warnings).toHaveLength(1);
  });
});

describe('fromGoogle access-token, google-auth-library against the test server', () => {
  // The library's generic loaders print deprecation warnings; users must see none of them.
  const consoleWarn = vi.spyOn(console, 'warn');
  afterEach(() => {
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  it('signs a JWT with the service account key and sends the OAuth2 token as oauth2accesstoken', async () => {
    const started = Date.now();
    const credentials = await fromGoogle({ registries: ['us-docker.pkg.dev', 'gcr.io'], keyFile })();
    expect(credentials.map((c) => [c.registry, c.username])).toEqual([
      ['us-docker.pkg.dev', 'oauth2accesstoken'],
      ['gcr.io', 'oauth2accesstoken'],
    ]);
    const issued = issuedTo(credentials[0]!.password);
    expect(issued?.principal).toBe(source.email);
    expect(credentials[1]!.password).toBe(issued?.token);
    // expiry_date is the client's own: now + expires_in (3599 s).
    const expiresAt = credentials[0]!.expiresAt!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(started + 3_598_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(server.tunnels).toContain('oauth2.googleapis.com');
    expect(server.requests.at(-1)).toMatchObject({
      host: 'oauth2.googleapis.com',
      path: '/token',
      status: 200,
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    });
  });

  it('reads Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS) when given nothing', async () => {
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', keyFile);
    const [credential] = await fromGoogle({ registries: ['gcr.io'] })();
    expect(issuedTo(credential!.password)?.principal).toBe(source.email);
  });

  it('a malformed Application Default Credentials file is bad input that quotes none of it', async () => {
    const broken = join(dir, 'broken.json');
    // Short enough that a JSON parse error would quote all of it.
    writeFileSync(broken, '{"k": KEYX9}');
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', broken);
    const error = await fromGoogle({ registries: ['gcr.io'] })().catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'GCR_UNUSABLE_CREDENTIALS' });
    expect(`${(error as Error).message} ${(error as { hint?: string }).hint}`.includes('KEYX9')).toBe(false);
  });

  it('takes the key as JSON content too', async () => {
    const [credential] = await fromGoogle({ registries: ['gcr.io'], keyJson: source.keyJson })();
    expect(issuedTo(credential!.password)?.principal).toBe(source.email);
  });

  it('impersonates a service account, expiry from generateAccessToken', async () => {
    const [credential] = await fromGoogle({ registries: ['gcr.io'], keyFile, serviceAccount: TARGET })();
    const issued = issuedTo(credential!.password);
    expect(issued?.principal).toBe(TARGET);
    expect(credential!.expiresAt?.getTime()).toBe(issued?.expiresAt.getTime());
    expect(server.requests.at(-1)).toMatchObject({
      host: 'iamcredentials.googleapis.com',
      path: `/v1/projects/-/serviceAccounts/${TARGET}:generateAccessToken`,
      status: 200,
    });
  });

  it("a refused impersonation is an error with Google's reason and no token", async () => {
    const provider = fromGoogle({
      registries: ['gcr.io'],
      keyFile,
      serviceAccount: 'other@test-project.iam.gserviceaccount.com',
    });
    const error = await provider().catch((e) => e);
    expect(error).toBeInstanceOf(PullSecretError);
    expect(error.code).toBe('GCR_TOKEN_REFUSED');
    expect(error.message).toMatch(
      /^Google did not issue an access token: Permission 'iam\.serviceAccounts\.getAccessToken' denied/,
    );
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ message: error.message, hint: error.hint })).not.toContain(CANARY);
  });

  it('a key Google does not know is refused', async () => {
    const error = await fromGoogle({ registries: ['gcr.io'], keyJson: unknown.keyJson })().catch((e) => e);
    expect(error).toMatchObject({
      code: 'GCR_TOKEN_REFUSED',
      message: expect.stringMatching(/account not found/),
    });
  });

  it('an external_account credential file: STS exchange of a file-sourced token, then impersonation', async () => {
    const tokenFile = join(dir, 'oidc-token');
    writeFileSync(tokenFile, GITHUB_ID_TOKEN);
    const configFile = join(dir, 'external-account.json');
    // As `gcloud iam workload-identity-pools create-cred-config` writes it.
    writeFileSync(
      configFile,
      JSON.stringify({
        universe_domain: 'googleapis.com',
        type: 'external_account',
        audience: AUDIENCE,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        token_url: 'https://sts.googleapis.com/v1/token',
        credential_source: { file: tokenFile },
        service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${TARGET}:generateAccessToken`,
      }),
    );
    const [credential] = await fromGoogle({ registries: ['us-docker.pkg.dev'], keyFile: configFile })();
    expect(issuedTo(credential!.password)?.principal).toBe(TARGET);
    expect(server.requests.slice(-2).map((r) => `${r.host}${r.path} ${r.status}`)).toEqual([
      'sts.googleapis.com/v1/token 200',
      `iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${TARGET}:generateAccessToken 200`,
    ]);
  });

  it('GitHub OIDC: the ID token for the provider audience, exchanged at STS, then impersonation', async () => {
    const audiences: string[] = [];
    const idToken = async (audience: string) => {
      audiences.push(audience);
      return GITHUB_ID_TOKEN;
    };
    const provider = fromGoogle({
      registries: ['us-docker.pkg.dev'],
      workloadIdentityProvider: PROVIDER,
      serviceAccount: TARGET,
      idToken,
    });
    const [credential] = await provider();
    expect(audiences).toEqual([AUDIENCE]);
    expect(issuedTo(credential!.password)?.principal).toBe(TARGET);

    const direct = await fromGoogle({
      registries: ['us-docker.pkg.dev'],
      workloadIdentityProvider: PROVIDER,
      idToken,
    })();
    expect(issuedTo(direct[0]!.password)?.principal).toBe(`federated:${AUDIENCE}`);
    expect(direct[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('GitHub OIDC with a token STS rejects', async () => {
    const error = await fromGoogle({
      registries: ['gcr.io'],
      workloadIdentityProvider: PROVIDER,
      idToken: async () => `${CANARY}forged`,
    })().catch((e) => e);
    expect(error).toMatchObject({ code: 'GCR_TOKEN_REFUSED' });
    expect(error.message).not.toContain(CANARY);
  });

  it('a workload identity provider without an OIDC token is unavailable', async () => {
    const error = await fromGoogle({ registries: ['gcr.io'], workloadIdentityProvider: PROVIDER })().catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error).toMatchObject({ code: 'GCR_NO_ID_TOKEN', hint: expect.stringMatching(/id-token: write/) });
  });

  it('refuses a credential file it cannot use, by type', async () => {
    const keyJson = JSON.stringify({ type: 'gdch_service_account', name: 'x' });
    const error = await fromGoogle({ registries: ['gcr.io'], keyJson })().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'GCR_UNSUPPORTED_CREDENTIAL_FILE' });
    const notJson = await fromGoogle({ registries: ['gcr.io'], keyJson: 'nope' })().catch((e) => e);
    expect(notJson).toMatchObject({ code: 'GCR_INVALID_CREDENTIAL_JSON' });
  });

  it('with no identity at all it is unavailable', async () => {
    const error = await fromGoogle({ registries: ['gcr.io'] })().catch((e) => e);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error).toMatchObject({
      code: 'GCR_NO_GOOGLE_CREDENTIALS',
      message: 'No Google credentials were found.',
    });
  });

  it('the request log holds no token, assertion or key', () => {
    const log = JSON.stringify(server.requests);
    expect(log).not.toContain(CANARY);
    expect(log).not.toContain('PRIVATE KEY');
    expect(server.issued.length).toBeGreaterThan(5);
  });
});
