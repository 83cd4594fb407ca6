import {
  type CredentialRecipe,
  displayRegistryKey,
  parseImageReference,
  type RegistryCredential,
  showUntrusted,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { withRefusedHint } from '@pull-secret/plugins';
import type { VerifyPullAccessResult } from '@pull-secret/registry';
import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { requestTimeoutMs } from './kube-flags.js';
import { CLI_WORDING } from './option-wording.js';
import { readCaFile } from './read-ca-file.js';
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
  return inFlags(withRefusedHint(await verifyPullAccess(verifyRequest(target, io))), '--ca-file');
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
  // The message and digest may quote the registry's answer: shown with control characters escaped.
  const line = `${result.result}: ${showUntrusted(result.message)}${details.length > 0 ? ` (${showUntrusted(details.join(', '))})` : ''}\n`;
  return result.ok || !result.hint ? line : `${line}hint: ${showUntrusted(result.hint)}\n`;
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

const verifyCas = new WeakMap<ParsedFlags['values'], Promise<string | undefined>>();

/**
 * `--verify-ca-file`'s certificates, read once per command line: create and apply read it up front,
 * before any login, so that a file with no certificate costs no provider call.
 */
export function readVerifyCa(values: ParsedFlags['values'], io: CliIo): Promise<string | undefined> {
  let ca = verifyCas.get(values);
  if (!ca) {
    const file = values['verify-ca-file'] as string | undefined;
    ca = file === undefined ? Promise.resolve(undefined) : readCaFile(io, file, 'verify-ca-file');
    verifyCas.set(values, ca);
  }
  return ca;
}

/**
 * For create and apply: verifies `--verify IMAGE` with the credential for the image's registry before
 * anything is written. Returns false (after saying why on stderr) when the pull would fail.
 */
export async function verifyBeforeWriting(
  values: ParsedFlags['values'],
  credentials: readonly RegistryCredential[],
  io: CliIo,
  recipes: Readonly<Record<string, CredentialRecipe>> = {},
): Promise<boolean> {
  checkVerifyFlags(values);
  const image = values.verify as string | undefined;
  if (image === undefined) return true;
  const ca = await readVerifyCa(values, io);
  // kubelet's lookup picks the credentials for the image; each is tried as a container runtime would.
  const { verifyImageAccess } = await import('@pull-secret/registry');
  const verified = await verifyImageAccess(image, credentials, {
    ...(ca === undefined ? {} : { ca }),
    env: io.env,
    timeoutMs: requestTimeoutMs(values),
  });
  const result = inFlags(withRefusedHint(verified, recipes[verified.registry]?.provider), '--verify-ca-file');
  if (result.ok) {
    io.stderr(`verify ${displayRegistryKey(result.registry)}: ${formatVerifyText(result)}`);
    return true;
  }
  // A failure is an error as any other: one error line, then its hint.
  const [outcome = '', ...hint] = formatVerifyText(result).split('\n');
  io.stderr(
    `error: verify ${displayRegistryKey(result.registry)}: ${outcome}; the credential cannot pull the image, so nothing was written.\n`,
  );
  if (hint[0]) io.stderr(`${hint[0]}\n`);
  return false;
}
