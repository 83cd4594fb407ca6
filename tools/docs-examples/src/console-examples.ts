import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One `$ command` in a ```console block and the output the doc shows for it. */
export interface ConsoleExample {
  file: string;
  line: number;
  command: string;
  expected: string;
}

/**
 * The examples of a Markdown file: in each ```console block, a line starting with `$ ` is a command
 * (continued on the next line when it ends with `\`), and the lines up to the next command are its
 * combined stdout and stderr.
 */
export function consoleExamples(file: string): ConsoleExample[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const examples: ConsoleExample[] = [];
  let inBlock = false;
  let current: ConsoleExample | undefined;
  let output: string[] = [];
  const finish = () => {
    if (current) examples.push({ ...current, expected: output.join('\n') });
    current = undefined;
    output = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!inBlock) {
      inBlock = line.trim() === '```console';
      continue;
    }
    if (line.trim() === '```') {
      finish();
      inBlock = false;
      continue;
    }
    if (line.startsWith('$ ')) {
      finish();
      let command = line.slice(2);
      const start = i + 1;
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
      current = { file, line: start, command, expected: '' };
    } else if (current) {
      output.push(line);
    }
  }
  return examples;
}

/**
 * A scratch directory where `pull-secret` on PATH is this checkout's build and `$TOKEN` is set, as the
 * README's main command expects. Commands in one file share it, in order.
 */
export function exampleShell(
  extraEnv: Record<string, string> = {},
  options: { helm?: string } = {},
): (command: string) => Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pull-secret-docs-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  if (options.helm) {
    // The chart pages run `helm … ./charts/pull-secret` as from a checkout of this repository.
    symlinkSync(options.helm, join(bin, 'helm'));
    symlinkSync(join(ROOT, 'charts'), join(dir, 'charts'));
  }
  const shim = join(bin, 'pull-secret');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'packages/cli/bin/pull-secret.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const env = {
    PATH: `${bin}:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dir,
    TOKEN: 'ghp_exampleToken123',
    LANG: 'C.UTF-8',
    ...extraEnv,
  };
  // Asynchronous, so a kube-test-server in this same process keeps answering while a command runs.
  return (command) =>
    new Promise((resolve) => {
      // The whole command's stderr (every part of a pipeline) shows, unless the command redirects it.
      execFile(
        'bash',
        ['-c', `{ ${command}\n} 2>&1`],
        { cwd: dir, env, encoding: 'utf8' },
        (error, stdout) => {
          const output = stdout.replace(/\n$/, '');
          resolve(error ? `${output}\n[exit ${error.code}]`.replace(/^\n/, '') : output);
        },
      );
    });
}

export const DOCUMENTED_FILES = [
  'README.md',
  'docs/cli.md',
  'docs/how-kubelet-picks-credentials.md',
  'docs/apply.md',
  'docs/status.md',
  'docs/refresh.md',
  'docs/helm.md',
  'docs/providers/acr.md',
  'docs/providers/gcr.md',
  'docs/providers/harbor.md',
  'docs/providers/dockerhub.md',
  'docs/providers/ovh.md',
  'docs/providers/quay-ghcr-gitlab.md',
  'docs/kubevirt.md',
  'docs/jupyterhub.md',
  'docs/binderhub.md',
  'docs/container-image.md',
];

/**
 * Pages whose examples talk to a cluster: each gets a fresh kube-test-server with only the namespaces a new
 * cluster has, so a page makes the namespaces its examples use, as a reader's own cluster needs.
 */
export const CLUSTER_FILES = new Set(['docs/apply.md', 'docs/status.md', 'docs/refresh.md']);

/**
 * Pages that show what a provider says on a machine with no cloud identity: their examples run where no
 * identity can be found on any machine, a cloud VM (whose metadata server would answer) included.
 */
const NO_IDENTITY_FILES: Record<
  string,
  () => Promise<{ env: Record<string, string>; close: () => Promise<void> }>
> = {
  // The Google auth library's documented switch: no metadata server to look for.
  'docs/providers/gcr.md': async () => ({
    env: { METADATA_SERVER_DETECTION: 'none' },
    close: async () => {},
  }),
  'docs/providers/acr.md': async () => {
    const { startImdsWithoutIdentity } = await import('@pull-secret/cloud-test-servers');
    const imds = await startImdsWithoutIdentity();
    return { env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url }, close: () => imds.close() };
  },
};

/** The environment a page's examples run in; `close` stops its test server, if it has one. */
export async function exampleEnvironment(
  file: string,
): Promise<{ run: (command: string) => Promise<string>; close: () => Promise<void> }> {
  const noIdentity = NO_IDENTITY_FILES[file];
  if (noIdentity) {
    const { env, close } = await noIdentity();
    return { run: exampleShell(env), close };
  }
  if (file === 'docs/helm.md') {
    const { helmBinary } = await import('@pull-secret/helm');
    return { run: exampleShell({}, { helm: helmBinary() }), close: async () => {} };
  }
  if (!CLUSTER_FILES.has(file)) return { run: exampleShell(), close: async () => {} };
  const { startKubeTestServer } = await import('@pull-secret/kube-test-server');
  const server = await startKubeTestServer({ namespaces: [] });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pull-secret-docs-kube-')), 'kubeconfig');
  await server.writeKubeconfig(kubeconfig);
  return { run: exampleShell({ KUBECONFIG: kubeconfig }), close: () => server.close() };
}
