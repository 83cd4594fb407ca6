import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectNoSecret, runCli } from './run-cli.js';

const INSTALLED = Boolean(findDockerRegistry());

// In CI the registry must be there: .ci/run installs it, so a missing binary is a broken set-up.
it.runIf(Boolean(process.env.CI))('has docker-registry installed in CI', () => {
  expect(INSTALLED, 'docker-registry is missing; .ci/run should have installed it').toBe(true);
});

// Skipped without docker-registry: tools/test-summary counts them by this tag.
const NEEDS = { tags: ['needs-docker-registry'] };

describe.skipIf(!INSTALLED)('pull-secret verify and --verify against docker-registry', NEEDS, () => {
  let htpasswd: TestRegistry;
  let token: TestRegistry;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    [htpasswd, token] = await Promise.all([
      startTestRegistry({ mode: 'htpasswd' }),
      startTestRegistry({ mode: 'token' }),
    ]);
    files['ca.pem'] = htpasswd.caPem!;
    files['token-ca.pem'] = token.caPem!;
  });
  afterAll(async () => {
    await Promise.all([htpasswd?.stop(), token?.stop()]);
  });

  const verify = (registry: TestRegistry, user: { username: string; password: string }, ...args: string[]) =>
    runCli(['verify', '--server', registry.host, '--username', user.username, '--password-stdin', ...args], {
      stdin: user.password,
      files,
    });
  const expectNoPassword = (run: { stdout: string; stderr: string }, password: string) => {
    expectNoSecret(run.stdout + run.stderr, [password], 'run.stdout + run.stderr');
    expectNoSecret(
      run.stdout + run.stderr,
      [Buffer.from(password).toString('base64')],
      'run.stdout + run.stderr',
    );
  };

  it('ok: prints the outcome word first and exits 0', async () => {
    const run = await verify(htpasswd, htpasswd.puller, '--image', 'team/app:v1', '--ca-file', 'ca.pem');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ok: The credentials can pull team\/app:v1 from 127\.0\.0\.1:\d+\. \(basic auth, sha256:/,
    );
    expectNoPassword(run, htpasswd.puller.password);
  });

  it('-o json: the result object, token lifetime included', async () => {
    const run = await verify(
      token,
      token.puller,
      '--image',
      'team/app:v1',
      '--ca-file',
      'token-ca.pem',
      '-o',
      'json',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      result: 'ok',
      registry: token.host,
      repository: 'team/app',
      reference: 'v1',
      scheme: 'bearer',
      tokenExpiresInSeconds: 300,
      digest: token.image.digest,
    });
    expectNoPassword(run, token.puller.password);
  });

  it.each([
    ['denied', () => [token, token.noPull, 'token-ca.pem', 'team/app:v1'] as const],
    [
      'unauthorized',
      () => [htpasswd, { ...htpasswd.puller, password: 'CANARY-typo' }, 'ca.pem', 'team/app:v1'] as const,
    ],
    ['not-found', () => [htpasswd, htpasswd.puller, 'ca.pem', 'team/app:v2'] as const],
  ])('%s: exits 1 with the word and a hint', async (outcome, setup) => {
    const [registry, user, ca, image] = setup();
    const run = await verify(registry, user, '--image', image, '--ca-file', ca);
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith(`${outcome}: `)).toBe(true);
    expect(run.stdout).toContain('\nhint: ');
    expectNoPassword(run, user.password);
  });

  it('tls: without the CA, the hint names --ca-file and certConfigMap', async () => {
    const run = await verify(htpasswd, htpasswd.puller, '--image', 'team/app:v1', '-o', 'json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: false, result: 'tls' });
    expect(result.hint).toMatch(/--ca-file.*certConfigMap/);
  });

  it('create --verify: prints the Secret only after the pull is proven', async () => {
    const args = ['create', 'regcred', '--server', htpasswd.host, '--username', 'puller', '--password-stdin'];
    const ok = await runCli(
      [...args, '--verify', `${htpasswd.host}/team/app:v1`, '--verify-ca-file', 'ca.pem'],
      {
        stdin: htpasswd.puller.password,
        files,
      },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('kind: Secret');
    expect(ok.stderr).toMatch(/^verify 127\.0\.0\.1:\d+: ok: /);

    const failed = await runCli(
      [...args, '--verify', `${htpasswd.host}/team/app:v9`, '--verify-ca-file', 'ca.pem'],
      {
        stdin: htpasswd.puller.password,
        files,
      },
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('not-found: ');
    expect(failed.stderr).toContain('nothing was written');
    // As every error: one error line, then one hint line (docs/cli.md).
    expect(failed.stderr).toMatch(
      /^error: verify 127\.0\.0\.1:\d+: not-found: .*; the credential cannot pull the image, so nothing was written\.\nhint: [^\n]+\n$/,
    );
    expectNoPassword(failed, htpasswd.puller.password);
  });

  it('--verify picks the credentials kubelet would for the image: a path-scoped key, not the first key of the host', async () => {
    const config = JSON.stringify({
      auths: {
        [`${token.host}/other`]: { auth: Buffer.from(`nopull:${token.noPull.password}`).toString('base64') },
        [`${token.host}/team`]: { auth: Buffer.from(`puller:${token.puller.password}`).toString('base64') },
      },
    });
    const run = await runCli(
      [
        'create',
        'scoped',
        '--from-docker-config',
        'config.json',
        '--verify',
        `${token.host}/team/app:v1`,
        '--verify-ca-file',
        'token-ca.pem',
      ],
      { files: { ...files, 'config.json': config } },
    );
    expect(run.stderr).toMatch(/^verify 127\.0\.0\.1:\d+\/team: ok: /);
    expect(run.code).toBe(0);

    const elsewhere = await runCli(
      ['create', 'scoped', '--from-docker-config', 'config.json', '--verify', 'team/app:v1'],
      { files: { ...files, 'config.json': config } },
    );
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('error: No registry in the Secret serves team/app:v1.');
    expect(elsewhere.stdout).toBe('');
  });

  it('apply --verify: a denied pull writes nothing and never reaches the cluster', async () => {
    const run = await runCli(
      [
        'apply',
        'regcred',
        '--server',
        token.host,
        '--username',
        'nopull',
        '--password-stdin',
        '--verify',
        `${token.host}/team/app:v1`,
        '--verify-ca-file',
        'token-ca.pem',
        // No cluster exists: reaching it would fail differently.
        '--kubeconfig',
        '/nonexistent/kubeconfig',
      ],
      { stdin: token.noPull.password, files },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('denied: ');
    expect(run.stderr).not.toContain('kubeconfig');
  });
});

describe('verify: bad input', () => {
  it.each([
    [['verify', '--username', 'u', '--password-stdin', '--server', 'ftp://x'], 'is not a registry'],
    [
      ['verify', '--username', 'u', '--password-stdin', '--server', 'r.example', '--image', 'Team/App'],
      'not a valid repository name',
    ],
    [
      ['verify', '--username', 'u', '--password-stdin', '-o', 'yaml'],
      '-o/--output must be one of text, json',
    ],
    [['verify', '--username', 'u', '--password-stdin', '--timeout', 'soon'], '--timeout'],
    [['verify', 'extra', '--username', 'u'], 'takes no arguments'],
    [['verify', '--username', 'a:b', '--password-stdin'], 'The username contains ":"'],
    [
      [
        'create',
        'x',
        '--server',
        'r.example',
        '--username',
        'u',
        '--password-stdin',
        '--verify-ca-file',
        'ca.pem',
      ],
      '--verify-ca-file needs --verify',
    ],
  ])('%j', async (args, message) => {
    const run = await runCli(args, { stdin: 'CANARY-bad-input' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/\nhint: /);
    expectNoSecret(run.stderr, ['CANARY-bad-input'], 'run.stderr');
  });
});

describe('the bundle', () => {
  const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
  it('create without --verify does not load the registry client chunk', async () => {
    const registryChunk = readdirSync(DIST).find(
      (file) => file.endsWith('.js') && readFileSync(`${DIST}${file}`, 'utf8').includes('EnvHttpProxyAgent'),
    );
    expect(registryChunk, 'the registry client is in a chunk of its own').toMatch(/^(?!bin\.js)/);
    // A module resolve hook that logs every specifier the process resolves.
    const hook = `data:text/javascript,import{registerHooks}from'node:module';registerHooks({resolve(s,c,n){process.stderr.write('RESOLVE '+s+'\\n');return n(s,c)}});`;
    const resolved = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [
          '--import',
          hook,
          BIN,
          'create',
          'regcred',
          '--server',
          'r.example',
          '--username',
          'u',
          '--password-stdin',
        ],
        { env: { PATH: process.env.PATH } },
        (error, _stdout, stderr) => (error ? reject(error) : resolve(stderr)),
      );
      child.stdin?.end('CANARY-password');
    });
    expect(resolved).toContain('RESOLVE ');
    expect(resolved).not.toContain(registryChunk!);
  });
});
