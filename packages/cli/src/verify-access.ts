import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import type { VerifyPullAccessResult } from '@pull-secret/registry';
import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { requestTimeoutMs } from './kube-flags.js';
import { readInputFile } from './read-input-file.js';
import { UsageError } from './usage-error.js';

/** `--verify IMAGE` of create and apply: prove the credential can pull before anything is written. */
export const VERIFY_FLAGS: FlagSpecs = {
  verify: {
    type: 'string',
    value: 'IMAGE',
    description: 'Prove the credential can pull IMAGE first (as pull-secret verify); write nothing if not.',
  },
  'verify-ca-file': {
    type: 'string',
    value: 'PEM',
    description: 'With --verify: trust this CA for the registry (a private CA).',
  },
};

export interface VerifyTarget {
  credential: RegistryCredential;
  image?: string;
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  timeoutMs?: number;
}

/** Runs verifyPullAccess; the registry client (undici) is a chunk loaded only here. */
export async function verifyCredential(target: VerifyTarget, io: CliIo): Promise<VerifyPullAccessResult> {
  const { verifyPullAccess } = await import('@pull-secret/registry');
  return verifyPullAccess({
    registry: target.credential.registry,
    username: target.credential.username,
    password: target.credential.password,
    ...(target.image === undefined ? {} : { repository: target.image }),
    ...(target.ca === undefined ? {} : { ca: target.ca }),
    insecureSkipTLSVerify: target.insecureSkipTLSVerify === true,
    ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
    env: io.env,
  });
}

/** `ok: The credentials can pull … (basic auth).` and, for failures, a hint line. */
export function formatVerifyText(result: VerifyPullAccessResult): string {
  const details = [
    result.scheme === undefined ? undefined : result.scheme === 'none' ? 'no auth' : `${result.scheme} auth`,
    result.tokenExpiresInSeconds === undefined ? undefined : `token valid ${result.tokenExpiresInSeconds}s`,
    result.digest,
  ].filter(Boolean);
  const line = `${result.result}: ${result.message}${details.length > 0 ? ` (${details.join(', ')})` : ''}\n`;
  return result.ok || !result.hint ? line : `${line}hint: ${result.hint}\n`;
}

/**
 * For create and apply: verifies `--verify IMAGE` with the credential for the image's registry before
 * anything is written. Returns false (after saying why on stderr) when the pull would fail.
 */
export async function verifyBeforeWriting(
  values: ParsedFlags['values'],
  credentials: readonly RegistryCredential[],
  io: CliIo,
): Promise<boolean> {
  const image = values.verify as string | undefined;
  if (image === undefined) {
    if (values['verify-ca-file'] !== undefined) {
      throw new UsageError('--verify-ca-file needs --verify IMAGE.', 'Add --verify REPO[:TAG].');
    }
    return true;
  }
  const caFile = values['verify-ca-file'] as string | undefined;
  const ca = caFile === undefined ? undefined : await readInputFile(io, caFile, '--verify-ca-file');
  // kubelet's lookup picks the credentials for the image; each is tried as a container runtime would.
  const { verifyImageAccess } = await import('@pull-secret/registry');
  const result = await verifyImageAccess(image, credentials, {
    ...(ca === undefined ? {} : { ca }),
    env: io.env,
    timeoutMs: requestTimeoutMs(values),
  });
  io.stderr(`verify ${result.registry}: ${formatVerifyText(result)}`);
  if (!result.ok) io.stderr('error: the credential cannot pull the image, so nothing was written.\n');
  return result.ok;
}
