// CA files: one with no certificate in it is refused before any network call (exit 2), and the leaf
// that `pull-secret certificates` prints for a server that sends no chain is trusted by --ca-file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './run-cli.js';

const PASSWORD = 'CANARY-ca-files-pw';
const NOT_PEM_HINT =
  'hint: Give PEM certificates (-----BEGIN CERTIFICATE-----), such as "pull-secret certificates HOST" prints.\n';

describe('a CA file with no certificate in it', () => {
  it.each([
    [
      'verify --ca-file',
      [
        'verify',
        '--server',
        '127.0.0.1:9',
        '--username',
        'u',
        '--password-stdin',
        '--ca-file',
        '/etc/passwd',
      ],
      'error: The file "/etc/passwd" given to --ca-file holds no PEM certificate.\n',
    ],
    [
      'create --verify-ca-file',
      [
        'create',
        'r',
        '--username',
        'u',
        '--password-stdin',
        '--verify',
        '127.0.0.1:9/team/app',
        '--verify-ca-file',
        '/etc/passwd',
      ],
      'error: The file "/etc/passwd" given to --verify-ca-file holds no PEM certificate.\n',
    ],
    [
      // Before the kubeconfig is even read: there is none here.
      'apply --verify-ca-file',
      [
        'apply',
        'r',
        '--username',
        'u',
        '--password-stdin',
        '--verify',
        '127.0.0.1:9/team/app',
        '--verify-ca-file',
        '/etc/passwd',
      ],
      'error: The file "/etc/passwd" given to --verify-ca-file holds no PEM certificate.\n',
    ],
  ])('%s is refused up front: exit 2, one error and a hint, nothing on stdout', async (_, args, error) => {
    const run = await spawnCli(args, { stdin: PASSWORD, env: { HOME: tmpdir() } });
    expect(run).toEqual({ code: 2, stdout: '', stderr: error + NOT_PEM_HINT });
  });
});

describe.skipIf(!findDockerRegistry())('a registry that sends only its leaf certificate', () => {
  let registry: TestRegistry;
  let dir: string;
  beforeAll(async () => {
    registry = await startTestRegistry({ mode: 'htpasswd', leafOnly: true });
    dir = await mkdtemp(join(tmpdir(), 'pull-secret-ca-files-'));
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is trusted with the file "certificates HOST > ca.pem" makes, as kubectl and docker trust it', async () => {
    const fetched = await spawnCli(['certificates', registry.host]);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toBe(registry.certPem);
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, fetched.stdout);
    const verify = (ca: string) =>
      spawnCli(
        [
          'verify',
          '--server',
          registry.host,
          '--username',
          registry.puller.username,
          '--password-stdin',
          '--image',
          'team/app:v1',
          '--ca-file',
          ca,
        ],
        { stdin: registry.puller.password },
      );
    const run = await verify(caFile);
    expect(run.stdout).toMatch(/^ok: The credentials can pull team\/app:v1/);
    expect(run.code).toBe(0);
    // The CA itself still works, and no file at all is still "not trusted".
    const withCa = join(dir, 'real-ca.pem');
    await writeFile(withCa, registry.caPem!);
    expect((await verify(withCa)).code).toBe(0);
  });
});
