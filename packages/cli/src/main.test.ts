import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeTestServer } from '@pull-secret/kube-test-server';
import { describe, expect, it } from 'vitest';
import { expectNoSecret, runCli, spawnCli } from '../test/run-cli.js';

describe('pull-secret', () => {
  it('prints help listing every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['create', 'apply', 'status', 'explain', 'decode'])
      expect(run.stdout).toContain(`  ${command} `);
  });

  it('with no command prints help on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('Commands:');
  });

  it('takes --debug before the command', async () => {
    expect((await runCli(['--debug', '--version'])).stdout).toMatch(/^pull-secret /);
  });

  it('prints a command help with its flags and aliases', async () => {
    const run = await runCli(['create', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--server HOST');
    expect(run.stdout).toContain('alias: --docker-server, --registry');
  });

  it('shows an error quoting outside text on one line, escape sequences escaped', async () => {
    const run = await runCli(['\u001b[2J\rerror: faked\nhint: faked']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u001b\r]/);
    expect(run.stderr.split('\n')).toEqual([
      'error: Unknown command "\\u001b[2J\\rerror: faked\\nhint: faked".',
      expect.stringMatching(/^hint: /),
      '',
    ]);
  });

  it('rejects an unknown command with exit 2', async () => {
    const run = await runCli(['crate', 'x']);
    expect(run).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^error: Unknown command "crate"\.\nhint: Commands: create, apply, status, verify, certificates, explain, decode/,
      ),
    });
  });
});

describe('the built command', () => {
  it('runs from its bin and prints the version', async () => {
    const run = await spawnCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^pull-secret \d+\.\d+\.\d+\n$/) });
  });

  it('exits 2 on bad input without a stack trace, and shows one under --debug', async () => {
    const plain = await spawnCli(['create', 'Bad_Name', '--username', 'u', '--password-stdin'], {
      stdin: 'CANARY-spawn-77',
    });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^error: "Bad_Name" is not a valid Secret name/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expectNoSecret(plain.stderr, ['CANARY-spawn-77'], 'plain.stderr');
    const debug = await spawnCli(['create', 'Bad_Name', '--username', 'u', '--password-stdin', '--debug'], {
      stdin: 'CANARY-spawn-77',
    });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
    // --debug=true after the command is the same flag, parsed like the others.
    const valued = await runCli(['create', 'Bad_Name', '--username', 'u', '--password', 'p', '--debug=true']);
    expect(valued.stderr).toMatch(/\n\s+at /);
  });

  it('reads the password from real standard input', async () => {
    const run = await spawnCli(
      ['create', 'r', '--server', 'ghcr.io', '--username', 'me', '--password-stdin', '-o', 'json'],
      {
        stdin: 'pw\n',
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).data['.dockerconfigjson']).toBe(
      Buffer.from('{"auths":{"ghcr.io":{"username":"me","password":"pw","auth":"bWU6cHc="}}}').toString(
        'base64',
      ),
    );
  });
});

describe('stray arguments and redaction', () => {
  const TOKEN = 'CANARY-stray-3f9a';

  it.each([
    [
      ['verify', '--server', 'ghcr.io', '--username', 'me', '--password-stdin', TOKEN],
      'verify takes no arguments: 1 unexpected argument',
    ],
    [
      ['create', 'regcred', TOKEN, '--username', 'me', '--password-stdin'],
      'Expected one NAME, got 2: 1 unexpected argument',
    ],
    [
      ['apply', 'regcred', TOKEN, 'x', '--username', 'me', '--password-stdin'],
      'Expected one NAME, got 3: 2 unexpected arguments',
    ],
    [['decode', TOKEN, '-f', '-'], 'decode takes no arguments: 1 unexpected argument'],
    [['status', TOKEN], 'status takes no arguments: 1 unexpected argument'],
  ])('%j: counts the stray arguments, never echoes them', async (args, message) => {
    const run = await runCli(args, { stdin: 'pw-from-stdin' });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain(message);
    expectNoSecret(run.stderr, [TOKEN], 'stderr');
    if (args[0] !== 'decode' && args[0] !== 'status')
      expect(run.stderr).toMatch(/^hint: .*--password-stdin/m);
  });

  it('shows an API-server message quoting crafted text on one line in the apply table, escaped', async () => {
    const token = 'crafted-user-token';
    const server = await startKubeTestServer({
      namespaces: ['apps'],
      serviceAccountDelayMs: 0,
      // The user name is quoted in every 403 message: a way to put any text in an API-server answer.
      tokens: { [token]: { namespaces: ['other'], user: 'ci\napps   created   ghcr.io\u001b[2J\r' } },
    });
    const dir = await mkdtemp(join(tmpdir(), 'pull-secret-untrusted-'));
    try {
      const kubeconfig = join(dir, 'config');
      await writeFile(kubeconfig, server.kubeconfig.replace(server.token, token));
      const run = await runCli(
        [
          'apply',
          'regcred',
          '-n',
          'apps',
          '--server',
          'ghcr.io',
          '--username',
          'me',
          '--password-stdin',
          '--kubeconfig',
          kubeconfig,
        ],
        { stdin: TOKEN },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(/[\u001b\r]/);
      expect(run.stderr).not.toMatch(/^apps +created/m);
      expect(run.stderr).toContain('ci\\napps   created   ghcr.io\\u001b[2J\\r');
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a short password does not blank the ordinary words that contain it or equal a namespace', async () => {
    const server = await startKubeTestServer({ namespaces: ['apps'], serviceAccountDelayMs: 0 });
    const dir = await mkdtemp(join(tmpdir(), 'pull-secret-redact-'));
    try {
      const kubeconfig = join(dir, 'config');
      await server.writeKubeconfig(kubeconfig);
      const args = [
        '--server',
        'ghcr.io',
        '--username',
        'me',
        '--password-stdin',
        '--kubeconfig',
        kubeconfig,
      ];
      const run = await runCli(['apply', 'regcred', '-n', 'apps', ...args], { stdin: 'apps' });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^apps +created /m);
      expect(run.stderr).toContain('secret regcred: 1 created');
      // "app" is in "apps" and "applied": only a whole-token "app" would be hidden.
      const again = await runCli(['apply', 'regcred', '-n', 'apps', ...args], { stdin: 'app' });
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^apps +updated /m);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
