import { parseImageReference, type RegistryCredential, wordOptions } from '@pull-secret/dockerconfigjson';
import type { VerifyPullAccessResult } from '@pull-secret/registry';
import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { requestTimeoutMs } from './kube-flags.js';
import { CLI_WORDING } from './option-wording.js';
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

/** A result's hint with its options worded as this command's flags (`--ca-file` or `--verify-ca-file`). */
function inFlags<T extends { hint?: string }>(result: T, caFileFlag: string): T {
  if (result.hint === undefined) return result;
  return {
    ...result,
    hint: wordOptions(result.hint, (option, n) =>
      option === 'ca-file' ? caFileFlag : CLI_WORDING(option, n),
    ),
  };
}

/** Runs verifyPullAccess; the registry client (undici) is a chunk loaded only here. */
export async function verifyCredential(target: VerifyTarget, io: CliIo): Promise<VerifyPullAccessResult> {
  const { verifyPullAccess } = await import('@pull-secret/registry');
  return inFlags(await verifyPullAccess(verifyRequest(target, io)), '--ca-file');
}

function verifyRequest(
  target: VerifyTarget,
  io: CliIo,
): Parameters<typeof import('@pull-secret/registry').verifyPullAccess>[0] {
  return {
    registry: target.credential.registry,
    username: target.credential.username,
    password: target.credential.password,
    ...(target.image === undefined ? {} : { repository: target.image }),
    ...(target.ca === undefined ? {} : { ca: target.ca }),
    insecureSkipTLSVerify: target.insecureSkipTLSVerify === true,
    ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
    env: io.env,
  };
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
 * `--verify` and `--verify-ca-file` checked on their own, before any login is made: the image must be
 * an image name, and a CA file needs --verify.
 */
export function checkVerifyFlags(values: ParsedFlags['values']): void {
  const image = values.verify as string | undefined;
  if (image === undefined && values['verify-ca-file'] !== undefined) {
    throw new UsageError('--verify-ca-file needs --verify IMAGE.', 'Add --verify REPO[:TAG].');
  }
  if (image !== undefined) parseImageReference(image);
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
  checkVerifyFlags(values);
  const image = values.verify as string | undefined;
  if (image === undefined) return true;
  const caFile = values['verify-ca-file'] as string | undefined;
  const ca = caFile === undefined ? undefined : await readInputFile(io, caFile, '--verify-ca-file');
  // kubelet's lookup picks the credentials for the image; each is tried as a container runtime would.
  const { verifyImageAccess } = await import('@pull-secret/registry');
  const result = inFlags(
    await verifyImageAccess(image, credentials, {
      ...(ca === undefined ? {} : { ca }),
      env: io.env,
      timeoutMs: requestTimeoutMs(values),
    }),
    '--verify-ca-file',
  );
  if (result.ok) {
    io.stderr(`verify ${result.registry}: ${formatVerifyText(result)}`);
    return true;
  }
  // A failure is an error as any other: one error line, then its hint.
  const [outcome = '', ...hint] = formatVerifyText(result).split('\n');
  io.stderr(
    `error: verify ${result.registry}: ${outcome}; the credential cannot pull the image, so nothing was written.\n`,
  );
  if (hint[0]) io.stderr(`${hint[0]}\n`);
  return false;
}
