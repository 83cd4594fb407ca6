import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeSecretData, expectNoSecret, runCli } from '../../test/run-cli.js';

const CANARY = 'CANARY-create-7c1e';

describe('pull-secret create', () => {
  it('never shows the user info of a Docker-config key, with --verify too', async () => {
    const config = JSON.stringify({
      auths: { 'https://me:TOK/EN+=@ghcr.io': { auth: Buffer.from(`me:${CANARY}`).toString('base64') } },
    });
    const run = await runCli(['create', 's', '--from-docker-config', 'c.json', '--verify', 'ghcr.io/a/b'], {
      files: { 'c.json': config },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('"https://***@ghcr.io" is not a registry');
    expectNoSecret(run.stderr, [CANARY, 'TOK/EN'], 'stderr');
  });

  it('warns of a credHelpers registry left out on one line: user info hidden, control characters escaped', async () => {
    const config = JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from(`me:${CANARY}`).toString('base64') } },
      credHelpers: { 'https://me:TOK/EN@quay.io\nwarning: faked\u001b[2J': 'desktop' },
    });
    const run = await runCli(['create', 's', '--from-docker-config', 'c.json'], {
      files: { 'c.json': config },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'warning: https://***@quay.io\\nwarning: faked\\u001b[2J is left out: only the credential helper "desktop" has its login, and kubelet cannot run helpers.\n',
    );
  });

  it('prints a managed kubernetes.io/dockerconfigjson Secret as YAML by default', async () => {
    const run = await runCli(
      ['create', 'regcred', '--server', 'ghcr.io', '--username', 'me', '--password-stdin', '-n', 'apps'],
      {
        stdin: 'tok:en\n',
      },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const secret = parse(run.stdout);
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: {
        name: 'regcred',
        namespace: 'apps',
        labels: { 'app.kubernetes.io/managed-by': 'pull-secret' },
        annotations: { 'pull-secret.dev/registries': 'ghcr.io', 'pull-secret.dev/provider': 'static' },
      },
    });
    expect(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString()).toBe(
      '{"auths":{"ghcr.io":{"username":"me","password":"tok:en","auth":"bWU6dG9rOmVu"}}}',
    );
  });

  it('accepts kubectl flag names and defaults to Docker Hub', async () => {
    const run = await runCli([
      'create',
      'hub',
      '--docker-username',
      'me',
      '--docker-password',
      'pw',
      '--docker-email',
      'me@example.com',
      '-ojson',
    ]);
    expect(run.code).toBe(0);
    expect(decodeSecretData(run.stdout)).toBe(
      '{"auths":{"https://index.docker.io/v1/":{"username":"me","password":"pw","email":"me@example.com","auth":"bWU6cHc="}}}',
    );
    expect(run.stderr).toMatch(/^warning: --password leaves the password in your shell history/);
  });

  it('--registry and --docker-server are aliases of --server, repeatable', async () => {
    const run = await runCli(
      [
        'create',
        'two',
        '--registry',
        'a.example.com',
        '--docker-server',
        'b.example.com:5000/team',
        '--username',
        'u',
        '-o',
        'json',
      ],
      { env: { PULL_SECRET_PASSWORD: 'p' } },
    );
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(decodeSecretData(run.stdout)).auths)).toEqual([
      'a.example.com',
      'b.example.com:5000/team',
    ]);
    expect(JSON.parse(run.stdout).metadata.annotations['pull-secret.dev/registries']).toBe(
      'a.example.com,b.example.com:5000/team',
    );
  });

  it.each([
    ['one trailing newline is dropped', 'pw\n', 'pw'],
    ['only one', 'pw\n\n', 'pw\n'],
    ['CRLF', 'pw\r\n', 'pw'],
    ['no newline', 'pw', 'pw'],
  ])('--password-stdin: %s', async (_, stdin, password) => {
    const run = await runCli(['create', 's', '--username', 'u', '--password-stdin', '-o', 'json'], { stdin });
    expect(JSON.parse(decodeSecretData(run.stdout)).auths['https://index.docker.io/v1/'].password).toBe(
      password,
    );
  });

  it('reads --password-file and the PULL_SECRET_PASSWORD variable', async () => {
    const fromFile = await runCli(
      ['create', 's', '--username', 'u', '--password-file', 'pw.txt', '-o', 'json'],
      {
        files: { 'pw.txt': 'from-file\n' },
      },
    );
    expect(decodeSecretData(fromFile.stdout)).toContain('"password":"from-file"');
    const fromEnv = await runCli(['create', 's', '--username', 'u', '-o', 'json'], {
      env: { PULL_SECRET_PASSWORD: 'from-env' },
    });
    expect(decodeSecretData(fromEnv.stdout)).toContain('"password":"from-env"');
    expect(fromEnv.stderr).toBe('');
  });

  it('makes the Secret from a Docker CLI config', async () => {
    const config = JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from('me:pw').toString('base64') } },
    });
    const run = await runCli(['create', 's', '--from-docker-config', 'config.json', '-o', 'json'], {
      files: { 'config.json': config },
    });
    expect(run.code).toBe(0);
    expect(decodeSecretData(run.stdout)).toBe(
      '{"auths":{"ghcr.io":{"username":"me","password":"pw","auth":"bWU6cHc="}}}',
    );
  });

  it('leaves PULL_SECRET_PASSWORD alone when no static login is asked for', async () => {
    const config = JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from('me:pw').toString('base64') } },
    });
    const run = await runCli(['create', 's', '--from-docker-config', 'config.json', '-o', 'json'], {
      files: { 'config.json': config },
      env: { PULL_SECRET_PASSWORD: CANARY },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(CANARY);
  });

  describe('bad input exits 2 with one error and a hint, and never echoes the password', () => {
    const cases: [string, string[], { stdin?: string; files?: Record<string, string> }, RegExp][] = [
      ['no name', ['create', '--username', 'u', '--password', CANARY], {}, /Name the Secret/],
      [
        'two names',
        ['create', 'a', 'b', '--username', 'u', '--password', CANARY],
        {},
        /Expected one NAME, got 2/,
      ],
      [
        'bad name',
        ['create', 'Reg_Cred', '--username', 'u', '--password', CANARY],
        {},
        /not a valid Secret name/,
      ],
      [
        'long name',
        ['create', 'a'.repeat(254), '--username', 'u', '--password', CANARY],
        {},
        /not a valid Secret name/,
      ],
      [
        'bad namespace',
        ['create', 'r', '-n', 'Apps', '--username', 'u', '--password', CANARY],
        {},
        /not a valid namespace/,
      ],
      ['empty username', ['create', 'r', '--username', '', '--password', CANARY], {}, /username is empty/],
      ['no username', ['create', 'r', '--password', CANARY], {}, /username is empty/],
      ['no password', ['create', 'r', '--username', 'u'], {}, /password is empty/],
      [
        'empty stdin',
        ['create', 'r', '--username', 'u', '--password-stdin'],
        { stdin: '\n' },
        /password is empty/,
      ],
      [
        'two password sources',
        ['create', 'r', '--username', 'u', '--password', CANARY, '--password-stdin'],
        { stdin: CANARY },
        /one way/,
      ],
      [
        'missing password file',
        ['create', 'r', '--username', 'u', '--password-file', 'nope.txt'],
        {},
        /"nope.txt" given to --password-file does not exist/,
      ],
      [
        'bad -o',
        ['create', 'r', '--username', 'u', '--password', CANARY, '-o', 'xml'],
        {},
        /must be one of yaml, json/,
      ],
      ['unknown flag', ['create', 'r', `--passwrd=${CANARY}`], {}, /Unknown flag --passwrd/],
      ['flag without value', ['create', 'r', '--username'], {}, /needs a value/],
      [
        'server with a space',
        ['create', 'r', '--server', 'my registry', '--username', 'u', '--password', CANARY],
        {},
        /not a registry/,
      ],
      [
        'server with a bad scheme',
        ['create', 'r', '--server', 'ftp://x.io', '--username', 'u', '--password', CANARY],
        {},
        /not a registry/,
      ],
      [
        'server with a bad port',
        ['create', 'r', '--server', 'x.io:99999', '--username', 'u', '--password', CANARY],
        {},
        /not a registry/,
      ],
      [
        'empty server',
        ['create', 'r', '--server', '', '--username', 'u', '--password', CANARY],
        {},
        /not a registry/,
      ],
      [
        'docker config and username',
        ['create', 'r', '--from-docker-config', 'c.json', '--username', 'u'],
        {},
        /cannot be combined with --username/,
      ],
      [
        'docker config with a credential helper',
        ['create', 'r', '--from-docker-config', 'c.json'],
        { files: { 'c.json': JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }) } },
        /credential store "desktop"/,
      ],
      [
        'docker config with bad auth',
        ['create', 'r', '--from-docker-config', 'c.json'],
        {
          files: {
            'c.json': JSON.stringify({
              auths: { 'ghcr.io': { auth: `${Buffer.from(CANARY).toString('base64')} ` } },
            }),
          },
        },
        /Registry "ghcr.io": "auth" is not valid base64/,
      ],
    ];
    it.each(cases)('%s', async (_, args, options, message) => {
      const run = await runCli(args, options);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((line) => line && !line.startsWith('warning:'));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(message);
      expect(lines[1]).toMatch(/^hint: /);
      expectNoSecret(run.stderr, [CANARY], 'run.stderr');
      expectNoSecret(run.stderr, [Buffer.from(CANARY).toString('base64')], 'run.stderr');
    });
  });

  it.each([
    'ghcr.io',
    'registry.example.com:5000',
    'registry.example.com:5000/team/app',
    'https://index.docker.io/v1/',
    'http://10.0.0.1:5000',
    '[::1]:5000',
    '*.azurecr.io',
    'localhost',
  ])('accepts --server %s as written', async (server) => {
    const run = await runCli(['create', 'r', '--server', server, '--username', 'u', '-o', 'json'], {
      env: { PULL_SECRET_PASSWORD: 'p' },
    });
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(decodeSecretData(run.stdout)).auths)).toEqual([server]);
  });
});

describe('pull-secret create keeps secrets out of stderr', () => {
  it('does not echo a token written into --server', async () => {
    const run = await runCli(
      ['create', 'r', '--server', `https://me:${CANARY}@ghcr.io`, '--username', 'u', '--password-stdin'],
      {
        stdin: 'pw',
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"https://***@ghcr.io" is not a registry');
    expectNoSecret(run.stderr, [CANARY], 'run.stderr');
  });

  it('refuses a comma in a registry, which the registries annotation would list as two', async () => {
    const run = await runCli(
      ['create', 'r', '--server', 'ghcr.io/team,quay.io', '--username', 'u', '--password-stdin'],
      { stdin: 'pw' },
    );
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'error: "ghcr.io/team,quay.io" is not a registry: a registry name has no comma.\nhint: Give one registry per --server; repeat it for more registries.\n',
    );
  });

  it('refuses a control character in a registry path, which kubelet could not parse, and shows it escaped', async () => {
    const run = await runCli(
      ['create', 'r', '--server', 'ghcr.io/team\u001b[2J', '--username', 'u', '--password-stdin'],
      { stdin: 'pw' },
    );
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'error: "ghcr.io/team\\u001b[2J" is not a registry: expected host[:port][/path] or an https:// URL.\nhint: For example ghcr.io, registry.example.com:5000/team or https://index.docker.io/v1/.\n',
    );
  });

  it('rejects a username with a colon, which kubelet would split', async () => {
    const run = await runCli(['create', 'r', '--username', 'a:b', '--password-stdin'], { stdin: CANARY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: The username contains ":"/);
  });

  it('warns about registries only a credential helper serves, and leaves them out', async () => {
    const config = JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from(`me:${CANARY}`).toString('base64') } },
      credHelpers: { 'gcr.io': 'gcloud' },
    });
    const run = await runCli(['create', 'r', '--from-docker-config', 'c.json', '-o', 'json'], {
      files: { 'c.json': config },
    });
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(decodeSecretData(run.stdout)).auths)).toEqual(['ghcr.io']);
    expect(run.stderr).toBe(
      'warning: gcr.io is left out: only the credential helper "gcloud" has its login, and kubelet cannot run helpers.\n',
    );
  });

  it('accepts --dry-run=client as kubectl users type it, and refuses --dry-run=server', async () => {
    const ok = await runCli(['create', 'r', '--username', 'u', '--password-stdin', '--dry-run=client'], {
      stdin: 'pw',
    });
    expect(ok.code).toBe(0);
    const server = await runCli(['create', 'r', '--username', 'u', '--password-stdin', '--dry-run=server'], {
      stdin: 'pw',
    });
    expect(server.code).toBe(2);
    expect(server.stderr).toMatch(/apply NAME --dry-run=server/);
  });
});
