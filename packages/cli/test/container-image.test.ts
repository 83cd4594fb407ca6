// The container image, as far as it can be checked without building it (no image builder here): what
// its final stage copies, laid out from the Dockerfile's own COPY lines in an empty directory (no
// node_modules, no package.json), runs with node alone as the image's user, gives the same bytes as
// the repository's CLI and talks to a cluster from inside a pod; and the Dockerfile keeps its rules.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyImageFiles,
  DOCKERFILE,
  type ImageFiles,
  instructionsOf,
  REPOSITORY,
  readStages,
} from './container-image.js';
import { type CliRun, decodeSecretData, expectNoSecret, spawnCli } from './run-cli.js';
import {
  NEEDS_POD_SANDBOX,
  POD_SANDBOX,
  POD_UID,
  ProjectedVolume,
  SERVICE_ACCOUNT_MOUNT,
  spawnInPod,
} from './run-in-pod.js';

const stages = readStages();
const final = stages.at(-1)!;
let image: ImageFiles;
beforeAll(() => {
  image = copyImageFiles(stages);
});
afterAll(() => image?.close());

/** The image's ENTRYPOINT as UID 65532, with only PATH and an empty HOME (as in a `docker run`). */
function runImage(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      'setpriv',
      [
        '--reuid',
        String(POD_UID),
        '--regid',
        String(POD_UID),
        '--clear-groups',
        '--',
        ...image.entrypoint,
        ...args,
      ],
      { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', ...env }, encoding: 'utf8', cwd: '/' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    ).stdin?.end(stdin);
  });
}

describe.skipIf(!POD_SANDBOX)(
  'the container image (its files, run as its ENTRYPOINT)',
  NEEDS_POD_SANDBOX,
  () => {
    it('holds the CLI bundle only: bin and dist, no source maps, no node_modules, no package.json', () => {
      expect(image.files).toContain('app/bin/pull-secret.js');
      expect(image.files).toContain('app/dist/bin.js');
      const unexpected = image.files.filter(
        (file) => !/^app\/(bin\/pull-secret\.js|dist\/[\w-]+\.js)$/.test(file),
      );
      expect(unexpected).toEqual([]);
    });

    it('--version and --help run with node alone', async () => {
      const version = await runImage(['--version']);
      expect(version).toEqual({ code: 0, stdout: (await spawnCli(['--version'])).stdout, stderr: '' });
      expect(version.stdout).toMatch(/^pull-secret \d+\.\d+\.\d+/);
      const help = await runImage(['--help']);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout).toContain('Usage:');
    });

    it('create --dry-run=client -o yaml gives the bytes the repository CLI gives', async () => {
      const password = 'CANARY-image-ghp-7f3a9';
      const args = ['create', 'regcred', '--server', 'ghcr.io', '--username', 'me', '--password-stdin'];
      const yaml = await runImage([...args, '--dry-run=client', '-o', 'yaml'], password);
      expect(yaml.stderr).toBe('');
      expect(yaml.code).toBe(0);
      expect(yaml.stdout).toBe(
        (await spawnCli([...args, '--dry-run=client', '-o', 'yaml'], { stdin: password })).stdout,
      );
      const json = await runImage([...args, '-o', 'json'], password);
      expect(JSON.parse(decodeSecretData(json.stdout))).toEqual({
        auths: {
          'ghcr.io': { username: 'me', password, auth: Buffer.from(`me:${password}`).toString('base64') },
        },
      });
      expectNoSecret(yaml.stderr + json.stderr, [password], 'stderr');
    });

    it('bad input: exit 2, one error and hint, no stack trace; --debug without source maps adds no warning', async () => {
      const bad = await runImage(['create', 'regcred', '--server']);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^error: .+\n(hint: .+\n)?$/);
      const debug = await runImage(['create', 'regcred', '--server', '--debug']);
      expect(debug.code).toBe(2);
      expect(debug.stderr).not.toMatch(/source ?map|Warning/i);
    });

    it('in a pod: apply with the in-cluster ServiceAccount, the lazily loaded Kubernetes client included', async () => {
      const token = 'CANARY-image-sa-token-41c2';
      const kube = await startKubeTestServer({
        namespaces: ['apps'],
        tokens: { [token]: { user: 'system:serviceaccount:pull-secret:pull-secret' } },
      });
      try {
        const serviceAccount = new ProjectedVolume({ token, 'ca.crt': kube.caPem, namespace: 'pull-secret' });
        const run = await spawnInPod(
          [
            'apply',
            'quay-pull',
            '-n',
            'apps',
            '--server',
            'quay.io',
            '--username',
            'robot',
            '--password-stdin',
          ],
          {
            entrypoint: image.entrypoint,
            stdin: 'CANARY-image-quay-robot',
            mounts: { [SERVICE_ACCOUNT_MOUNT]: serviceAccount.dir },
            env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(kube.url).port },
          },
        );
        expect(run.code).toBe(0);
        expect(run.stderr).toContain('secret quay-pull: 1 created');
        expect(kube.store.get('secrets', 'apps', 'quay-pull')).toBeDefined();
        expectNoSecret(run.stdout + run.stderr, [token, 'CANARY-image-quay-robot'], 'the output');
      } finally {
        await kube.close();
      }
    });
  },
);

describe('the Dockerfile', () => {
  const nodeMajor = readFileSync(join(REPOSITORY, '.node-version'), 'utf8').trim().split('.')[0]!;

  it('builds in one stage and runs in another, every base pinned to the Node major of .node-version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const { image: base } of stages) {
      const tag = base.split(':')[1];
      expect(tag, `${base} has a tag`).toBeTruthy();
      expect(base).not.toMatch(/:latest$/);
      // node:24-…, or distroless nodejs24-…: the major version in the name or the tag.
      expect(base).toMatch(new RegExp(`(node:|nodejs)${nodeMajor}(\\D|$)`));
    }
  });

  it('runs as a numeric non-root user, with an exec-form ENTRYPOINT', () => {
    const user = instructionsOf(final, 'USER').at(-1);
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
    expect(user!.split(':')[0]).toBe(String(POD_UID));
    expect(() => JSON.parse(instructionsOf(final, 'ENTRYPOINT').at(-1)!)).not.toThrow();
  });

  it('takes no secret at build time and bakes none in', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    for (const stage of stages) {
      for (const keyword of ['ARG', 'ENV']) {
        for (const line of instructionsOf(stage, keyword)) {
          const names = [...line.matchAll(/(?:^|\s)([A-Za-z_][\w]*)(?==|\s|$)/g)].map((match) => match[1]);
          expect(
            names.filter((name) => /TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|AUTH|KEY/i.test(name!)),
          ).toEqual([]);
        }
      }
      for (const line of [...instructionsOf(stage, 'COPY'), ...instructionsOf(stage, 'ADD')]) {
        expect(line).not.toMatch(/\.npmrc|\.docker|kubeconfig|\.env\b|https?:\/\//);
      }
    }
    expect(instructionsOf(final, 'ADD')).toEqual([]);
    expect(text).not.toMatch(/--mount=type=secret/);
    const ignored = readFileSync(join(REPOSITORY, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '.git', '**/.env', '**/.npmrc', '**/kubeconfig']) {
      expect(ignored).toContain(pattern);
    }
  });

  it('labels the image with the OCI annotations', () => {
    const labels = instructionsOf(final, 'LABEL').join(' ');
    for (const key of ['title', 'description', 'source', 'licenses', 'version', 'revision']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
  });
});
