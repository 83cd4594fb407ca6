import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import {
  type GoogleTestServer,
  generateServiceAccountKey,
  startGoogleTestServer,
} from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { BIN, decodeSecretData, expectNoSecret, runCli, spawnCli } from './run-cli.js';

const CANARY = 'CANARY-gcr-cli-';
const TARGET = 'deployer@test-project.iam.gserviceaccount.com';
const source = generateServiceAccountKey('puller@test-project.iam.gserviceaccount.com');
// A canary inside the key, as the key's id: the whole key JSON is the secret.
const keyJson = source.keyJson.replace(/"private_key_id": "\w+"/, `"private_key_id": "${CANARY}key-id"`);
const key = keyJson.trim();
const dir = mkdtempSync(join(tmpdir(), 'gcr-cli-'));
const keyFile = join(dir, 'key.json');
writeFileSync(keyFile, keyJson);
const caFile = join(dir, 'ca.pem');

let server: GoogleTestServer;
beforeAll(async () => {
  server = await startGoogleTestServer({
    serviceAccounts: [source],
    impersonation: [{ caller: source.email, target: TARGET }],
    tokenPrefix: `${CANARY}ya29.`,
  });
  writeFileSync(caFile, server.caPem);
});
afterAll(() => server?.close());

/** A process with no Google identity but what the test gives it, and the test server as googleapis.com. */
function googleEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HTTPS_PROXY: server.url,
    NODE_EXTRA_CA_CERTS: caFile,
    METADATA_SERVER_DETECTION: 'none',
    CLOUDSDK_CONFIG: dir,
    HOME: dir,
    ...extra,
  };
}

function auths(manifestJson: string): Record<string, { username: string; password: string; auth: string }> {
  return JSON.parse(decodeSecretData(manifestJson)).auths;
}

/** The module URLs a run of the built CLI loads, from a load hook registered before it starts. */
async function loadedModules(args: string[], env: Record<string, string>, stdin?: string) {
  const hook = [
    "import { registerHooks } from 'node:module';",
    "import { writeSync } from 'node:fs';",
    'const urls = [];',
    'registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });',
    "process.on('exit', () => writeSync(2, '\\nLOADED ' + JSON.stringify(urls) + '\\n'));",
  ].join('\n');
  const run = await spawnCli(args, {
    env,
    nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(hook)}`],
    ...(stdin === undefined ? {} : { stdin }),
  });
  const urls = JSON.parse(/\nLOADED (.*)\n/.exec(run.stderr)?.[1] ?? '[]') as string[];
  return { run, urls };
}

// The chunk the bundler made of google-auth-library (its ADC error text is in no other file).
const DIST = join(dirname(BIN), '../dist');
// Bundles only: the source maps beside them hold the same text.
const GOOGLE_CHUNK = readdirSync(DIST).find(
  (file) =>
    file.endsWith('.js') &&
    readFileSync(join(DIST, file), 'utf8').includes('Could not load the default credentials'),
);

describe('pull-secret create --provider gcr', () => {
  it('the bundle keeps google-auth-library in a chunk that --help and json-key never load', async () => {
    expect(GOOGLE_CHUNK).toMatch(/\.js$/);
    const help = await loadedModules(['create', '--help'], {});
    expect(help.run.code).toBe(0);
    expect(help.run.stdout).toContain('--gcp-auth VALUE');
    expect(help.run.stdout).toContain('--gcp-key-json-file FILE');
    expect(help.urls.some((url) => url.endsWith('/bin.js'))).toBe(true);
    expect(help.urls.filter((url) => url.endsWith(`/${GOOGLE_CHUNK}`))).toEqual([]);

    const args = ['create', 'regcred', '--registry', 'us-docker.pkg.dev', '--gcp-auth', 'json-key'];
    const jsonKey = await loadedModules([...args, '--gcp-key-file', keyFile], googleEnv());
    expect(jsonKey.run.code).toBe(0);
    expect(jsonKey.urls.filter((url) => url.endsWith(`/${GOOGLE_CHUNK}`))).toEqual([]);
  });

  it('json-key: _json_key and the key as password, for every registry, no expiry, offline', async () => {
    const before = server.requests.length;
    const run = await spawnCli(
      [
        'create',
        'gar',
        '--registry',
        'us-docker.pkg.dev',
        '--registry',
        'gcr.io',
        '--gcp-auth',
        'json-key',
        '--gcp-key-json-file',
        '-',
        '-o',
        'json',
      ],
      { env: googleEnv(), stdin: keyJson },
    );
    expect(run.code).toBe(0);
    const entry = {
      username: '_json_key',
      password: key,
      auth: Buffer.from(`_json_key:${key}`).toString('base64'),
    };
    expect(auths(run.stdout)).toEqual({ 'us-docker.pkg.dev': entry, 'gcr.io': entry });
    const { annotations } = JSON.parse(run.stdout).metadata;
    expect(annotations).toEqual({
      'pull-secret.dev/registries': 'gcr.io,us-docker.pkg.dev',
      'pull-secret.dev/provider': 'gcr',
      // Per registry since issue 10; a json-key login never expires, so no expiresAt and no expires-at.
      // The recipe holds the non-secret options only: the key given in --gcp-key-json-file is not there.
      'pull-secret.dev/credentials':
        '{"gcr.io":{"provider":"gcr","options":{"gcp-auth":"json-key"}},"us-docker.pkg.dev":{"provider":"gcr","options":{"gcp-auth":"json-key"}}}',
    });
    expect(run.stderr).toBe(
      'warning: gcr.io: gcr.io is served by Artifact Registry since 2025; the identity needs roles/artifactregistry.reader on the gcr.io repository, Cloud Storage roles no longer grant pulls.\n',
    );
    expect(server.requests.length).toBe(before);
  });

  it('json-key-base64 from GOOGLE_CREDENTIALS, detected from the host without --provider', async () => {
    const run = await spawnCli(
      [
        'create',
        'gar',
        '--registry',
        'europe-west1-docker.pkg.dev',
        '--gcp-auth',
        'json-key-base64',
        '-o',
        'json',
      ],
      { env: googleEnv({ GOOGLE_CREDENTIALS: keyJson }) },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const entry = auths(run.stdout)['europe-west1-docker.pkg.dev'];
    expect(entry?.username).toBe('_json_key_base64');
    expect(Buffer.from(entry!.password, 'base64').toString()).toBe(key);
  });

  it('access-token: a service account key signs in, the token is the password, expires-at is its expiry', async () => {
    const started = Date.now();
    const run = await spawnCli(
      [
        'create',
        'gar',
        '--registry',
        'us-docker.pkg.dev/my-project',
        '--gcp-key-file',
        keyFile,
        '-o',
        'yaml',
      ],
      { env: googleEnv() },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const secret = parse(run.stdout);
    const entry = auths(JSON.stringify(secret))['us-docker.pkg.dev/my-project'];
    expect(entry?.username).toBe('oauth2accesstoken');
    const issued = server.issued.find((token) => token.token === entry?.password);
    expect(issued?.principal).toBe(source.email);
    const expiresAt = Date.parse(secret.metadata.annotations['pull-secret.dev/expires-at']);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 3_598_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(secret.metadata.annotations['pull-secret.dev/provider']).toBe('gcr');
    expect(server.tunnels).toContain('oauth2.googleapis.com');
  });

  it('access-token in-process: key JSON from GOOGLE_CREDENTIALS, impersonating --gcp-service-account', async () => {
    setDefaultCACertificates([...getCACertificates('default'), server.caPem]);
    vi.stubEnv('HTTPS_PROXY', server.url);
    vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
    try {
      const run = await runCli(
        ['create', 'gar', '--registry', 'gcr.io', '--gcp-service-account', TARGET, '-o', 'json'],
        { env: { GOOGLE_CREDENTIALS: keyJson } },
      );
      expect(run.code).toBe(0);
      const entry = auths(run.stdout)['gcr.io'];
      const issued = server.issued.find((token) => token.token === entry?.password);
      expect(issued?.principal).toBe(TARGET);
      const { annotations } = JSON.parse(run.stdout).metadata;
      expect(annotations['pull-secret.dev/expires-at']).toBe(
        issued?.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      );
      expect(run.stderr).toMatch(/^warning: gcr\.io: gcr\.io is served by Artifact Registry since 2025/);
      expectNoSecret(run.stderr, [CANARY], 'run.stderr');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("a refused impersonation exits 1 with Google's reason and no token", async () => {
    const run = await spawnCli(
      [
        'create',
        'gar',
        '--registry',
        'us-docker.pkg.dev',
        '--gcp-key-file',
        keyFile,
        '--gcp-service-account',
        'other@p.iam.gserviceaccount.com',
      ],
      { env: googleEnv() },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Google did not issue an access token: Permission 'iam\.serviceAccounts\.getAccessToken' denied/,
    );
    expect(run.stdout).toBe('');
  });

  it('with no Google identity it says how to get one, exit 1', async () => {
    const run = await spawnCli(['create', 'gar', '--registry', 'us-docker.pkg.dev'], { env: googleEnv() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: No Google credentials were found.\nhint: Run "gcloud auth application-default login", set GOOGLE_APPLICATION_CREDENTIALS or gcp-key-file, or in GitHub Actions set gcp-workload-identity-provider.\n',
    );
  });

  it('with no Google identity behind a proxy that answers the metadata probe, prints no Node warning lines', async () => {
    // As a corporate proxy or a sandbox's egress filter answers for the metadata server: 403.
    const deny = createServer((_, response) => response.writeHead(403).end('denied destination'));
    await new Promise<void>((resolve) => deny.listen(0, '127.0.0.1', resolve));
    try {
      const env = googleEnv({ GCE_METADATA_HOST: `127.0.0.1:${(deny.address() as AddressInfo).port}` });
      delete env.METADATA_SERVER_DETECTION;
      const run = await spawnCli(['create', 'gar', '--registry', 'us-docker.pkg.dev'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).not.toContain('MetadataLookupWarning');
      expect(run.stderr).not.toContain('(node:');
      expect(run.stderr).toBe(
        'error: No Google credentials were found.\nhint: Run "gcloud auth application-default login", set GOOGLE_APPLICATION_CREDENTIALS or gcp-key-file, or in GitHub Actions set gcp-workload-identity-provider.\n',
      );
    } finally {
      deny.close();
    }
  });

  it('bad input exits 2: a host Google does not serve, a bad --gcp-auth, a key that is not a service account key', async () => {
    const notGoogle = await runCli([
      'create',
      'x',
      '--provider',
      'gcr',
      '--registry',
      'ghcr.io',
      '--gcp-auth',
      'json-key',
    ]);
    expect(notGoogle).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: ghcr\.io is not a Google registry host\.\nhint: /),
    });
    const badAuth = await runCli(['create', 'x', '--registry', 'gcr.io', '--gcp-auth', 'password']);
    expect(badAuth).toMatchObject({
      code: 2,
      stderr:
        'error: --gcp-auth must be one of access-token, json-key, json-key-base64, not "password".\nhint: Use one of: access-token, json-key, json-key-base64.\n',
    });
    const notAKey = await runCli(
      ['create', 'x', '--registry', 'gcr.io', '--gcp-auth', 'json-key', '--gcp-key-json-file', '-'],
      {
        stdin: JSON.stringify({ type: 'external_account', audience: `${CANARY}aud` }),
      },
    );
    expect(notAKey).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/\nerror: The key is not a service account JSON key\.\n/),
    });
    expectNoSecret(notAKey.stderr, [CANARY], 'notAKey.stderr');
  });

  it('no token, key or key line reached the request log', () => {
    const log = JSON.stringify(server.requests);
    expectNoSecret(log, [CANARY], 'log');
    expectNoSecret(log, ['PRIVATE KEY'], 'log');
  });
});
