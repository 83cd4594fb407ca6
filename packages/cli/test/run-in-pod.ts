import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, type CliRun } from './run-cli.js';

/**
 * Whether this machine can stand for a pod: root, with util-linux's unshare and setpriv. Without, the
 * tests that need it skip, tagged so that tools/test-summary counts them and says what to do.
 */
export const POD_SANDBOX =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('unshare', ['--mount', 'true'], { stdio: 'ignore' }).status === 0;
export const NEEDS_POD_SANDBOX = { tags: ['needs-pod-sandbox'] };

/** The image's user (see the Dockerfile): the CLI runs as it here too. */
export const POD_UID = 65532;
/** Where the kubelet mounts a pod's ServiceAccount (token, ca.crt, namespace). */
export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * A directory laid out as the kubelet writes a projected volume: the files in a timestamped
 * directory, `..data` a symlink to it, each file a symlink through `..data`, so that a rotation is
 * one atomic rename of `..data`.
 */
export class ProjectedVolume {
  readonly dir = mkdtempSync(join(tmpdir(), 'pull-secret-projected-'));
  private version = 0;

  constructor(files: Record<string, string>) {
    chmodSync(this.dir, 0o755);
    this.write(files);
    for (const name of Object.keys(files)) symlinkSync(join('..data', name), join(this.dir, name));
  }

  /** Writes a new version of every file and points `..data` at it, as the kubelet's rotation does. */
  write(files: Record<string, string>): void {
    const version = `..2026_12_02_00_00_00.${++this.version}`;
    mkdirSync(join(this.dir, version), { mode: 0o755 });
    for (const [name, text] of Object.entries(files)) {
      // The kubelet's default mode for a projected volume: 0644.
      writeFileSync(join(this.dir, version, name), text, { mode: 0o644 });
    }
    symlinkSync(version, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
  }
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the built CLI as the image's ENTRYPOINT runs in a pod: as UID 65532, with only the given
 * environment (no KUBECONFIG, HOME an empty directory, PATH a directory with no programs), and `mounts` (pod path under /var/run/secrets
 * -> directory here) where the kubelet puts them. The paths the CLI reads are fixed (client-go and
 * client-node look for the token at one path), so the child gets a private mount namespace
 * (`unshare --mount`, needs root) with a tmpfs over /var/run and the directories bind-mounted into it:
 * the CLI runs its production code path, nothing on this machine's /var/run changes, and a file
 * rewritten here (a rotated token) is what the child reads next.
 */
export function spawnInPod(
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    mounts: Record<string, string>;
    /** The command line before `args`; default node and the repository's built CLI. */
    entrypoint?: string[];
    stdin?: string;
  },
): Promise<CliRun> {
  const entrypoint = options.entrypoint ?? [process.execPath, BIN];
  const home = mkdtempSync(join(tmpdir(), 'pull-secret-pod-home-'));
  chmodSync(home, 0o777);
  const emptyPath = mkdtempSync(join(tmpdir(), 'pull-secret-pod-bin-'));
  chmodSync(emptyPath, 0o755);
  const binds = Object.entries(options.mounts).map(([podPath, dir]) => {
    if (!podPath.startsWith('/var/run/secrets/')) throw new Error(`${podPath} is not under /var/run/secrets`);
    const at = `"$run"/${quote(podPath.slice('/var/run/'.length))}`;
    return `mkdir -p ${at} && mount -n --bind ${quote(dir)} ${at}`;
  });
  const script = [
    'set -e',
    // /var/run is a symlink to /run on most systems, a directory on some.
    'run=$(readlink -f /var/run)',
    'mount -n -t tmpfs -o size=1m,mode=755 tmpfs "$run"',
    ...binds,
    'setpriv=$(command -v setpriv)',
    // The image has no programs besides node (distroless): none of this machine's (gcloud, az, aws)
    // may be found by an SDK looking for a CLI to ask.
    `PATH=${quote(emptyPath)}`,
    `exec "$setpriv" --reuid ${POD_UID} --regid ${POD_UID} --clear-groups -- "$@"`,
  ].join('\n');
  return new Promise((resolve) => {
    execFile(
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', ...entrypoint, ...args],
      { env: { PATH: process.env.PATH, HOME: home, ...options.env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    ).stdin?.end(options.stdin ?? '');
  });
}
