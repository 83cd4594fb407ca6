import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  type CredentialRecipe,
  earliestExpiry,
  PullSecretError,
  redactText,
  registryKeys,
  secretLines,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { githubIdTokenSupplier } from '@pull-secret/http';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import {
  applyPullSecret,
  formatManifests,
  formatRfc3339,
  listedNamespaces,
  pullSecretManifest,
} from '@pull-secret/secret';
import { jobSummary, type SummaryInput } from './job-summary.js';
import { kubeconfigSecrets } from './kubeconfig-secrets.js';
import { actionWording } from './option-wording.js';
import { readActionCredentials } from './read-credentials.js';
import { type ActionInputs, isInlineDockerConfig, readActionInputs } from './read-inputs.js';

/** The Action: read inputs, mask every secret, make the Secret, then apply it or write the manifest. */
export async function run(): Promise<void> {
  const masked = new Set<string>();
  const mask = (value: string) => {
    for (const form of secretLines(value)) {
      if (masked.has(form)) continue;
      masked.add(form);
      core.setSecret(form);
    }
  };
  try {
    const input = (name: string) => core.getInput(name);
    // Secrets first: no log line may come before they are masked.
    mask(input('password'));
    // A config given inline is masked whole (the logins in it are masked below, in every form); a path is not a secret.
    const dockerConfig = input('docker-config');
    if (isInlineDockerConfig(dockerConfig)) {
      masked.add(dockerConfig);
      core.setSecret(dockerConfig);
    }
    for (const value of kubeconfigSecrets(input('kubeconfig'))) mask(value);

    const inputs = readActionInputs(input);
    // The job's OIDC token (id-token: write), on the same HTTP layer and time limit as every call.
    const idToken = githubIdTokenSupplier({
      env: process.env,
      timeoutMs: inputs.requestTimeoutMs,
      onSecret: (secret) => mask(secret),
    });
    const { credentials, provider, recipes } = await readActionCredentials(inputs, input, PROVIDER_PLUGINS, {
      env: process.env,
      readFile: (path) => readFile(path, 'utf8'),
      mask,
      warn: (message) => core.warning(message),
      ...(idToken ? { idToken } : {}),
    });

    if (inputs.verifyImage !== undefined) {
      // kubelet's lookup picks the credentials for the image; each is tried as a container runtime would.
      const { verifyImageAccess } = await import('@pull-secret/registry');
      const verified = await verifyImageAccess(inputs.verifyImage, credentials, {
        ...(inputs.verifyCa === undefined ? {} : { ca: inputs.verifyCa }),
        env: process.env,
        timeoutMs: inputs.requestTimeoutMs,
      });
      const scheme = verified.scheme ? ` (${verified.scheme} auth)` : '';
      if (!verified.ok) {
        throw new VerifyFailedError(
          `verify-image ${inputs.verifyImage}: ${verified.result}: ${verified.message}; nothing was written.${verified.hint ? ` ${wordOptions(verified.hint, (option, n) => (option === 'ca-file' ? 'the input verify-ca' : actionWording(option, n)))}` : ''}`,
        );
      }
      core.info(`pull-secret: verified ${inputs.verifyImage}: ${verified.result}${scheme}`);
    }

    const registries = registryKeys(credentials);
    const expiry = earliestExpiry(credentials);
    const expiresAt = expiry ? formatRfc3339(expiry) : undefined;
    core.setOutput('secret-name', inputs.secretName);
    core.setOutput('registries', registries.join(','));
    core.setOutput('expires-at', expiresAt ?? '');
    core.info(
      `pull-secret: ${inputs.secretName} for ${registries.join(', ')}${expiresAt ? `, expires ${expiresAt}` : ''}`,
    );

    const summary: SummaryInput = {
      secretName: inputs.secretName,
      mode: inputs.mode,
      dryRun: inputs.dryRun,
      registries,
      ...(expiresAt ? { expiresAt } : {}),
      namespaces: [],
    };
    const failures =
      inputs.mode === 'manifest'
        ? await writeManifest(inputs, credentials, provider, recipes, summary)
        : await apply(inputs, credentials, provider, recipes, [...masked], summary);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(jobSummary(summary)).write();
    if (failures.length > 0) {
      core.setFailed(
        `${failures.length} of ${summary.namespaces.length} namespaces failed or were refused: ${failures.join('; ')}.`,
      );
    }
  } catch (error) {
    core.setFailed(redactText(oneLine(error), masked));
    // With step debug logging, the stack too: source maps (src/index.ts) point it into src/*.ts.
    if (core.isDebug() && error instanceof Error && error.stack) core.debug(redactText(error.stack, masked));
  }
}

/** mode: manifest — a Secret per namespace in one multi-document YAML file, mode 0600, under RUNNER_TEMP. */
async function writeManifest(
  inputs: ActionInputs,
  credentials: Parameters<typeof pullSecretManifest>[0]['credentials'],
  provider: string,
  recipes: Record<string, CredentialRecipe>,
  summary: SummaryInput,
): Promise<string[]> {
  const namespaces = listedNamespaces(
    { namespaces: inputs.namespaces, exclude: inputs.excludeNamespaces },
    'default',
  );
  const manifests = namespaces.map((namespace) =>
    pullSecretManifest({ name: inputs.secretName, namespace, credentials, provider, recipes }),
  );
  const path = join(
    process.env.RUNNER_TEMP || tmpdir(),
    `pull-secret-${inputs.secretName}-${randomBytes(4).toString('hex')}.yaml`,
  );
  await writeFile(path, formatManifests(manifests, 'yaml'), { mode: 0o600, flag: 'wx' });
  const results = namespaces.map((namespace) => ({
    namespace,
    outcome: 'written',
    registries: summary.registries,
    serviceAccounts: [],
  }));
  summary.namespaces = results;
  core.setOutput('manifest-path', path);
  core.setOutput('namespaces', JSON.stringify(results));
  core.info(`pull-secret: wrote ${manifests.length} Secret${manifests.length === 1 ? '' : 's'} to ${path}`);
  return [];
}

/** mode: apply — merge-safe writes to every target namespace; returns one line per failed namespace. */
async function apply(
  inputs: ActionInputs,
  credentials: Parameters<typeof pullSecretManifest>[0]['credentials'],
  provider: string,
  recipes: Record<string, CredentialRecipe>,
  secrets: readonly string[],
  summary: SummaryInput,
): Promise<string[]> {
  let kubeconfig: string | undefined;
  if (inputs.kubeconfig !== undefined) {
    kubeconfig = join(
      process.env.RUNNER_TEMP || tmpdir(),
      `pull-secret-kubeconfig-${randomBytes(6).toString('hex')}`,
    );
    await writeFile(kubeconfig, inputs.kubeconfig, { mode: 0o600, flag: 'wx' });
  }
  try {
    const result = await applyPullSecret(
      {
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(inputs.context ? { context: inputs.context } : {}),
        secrets,
        timeoutMs: inputs.requestTimeoutMs,
      },
      {
        name: inputs.secretName,
        credentials,
        provider,
        recipes,
        targets: {
          namespaces: inputs.namespaces,
          allNamespaces: inputs.allNamespaces,
          ...(inputs.namespaceSelector ? { namespaceSelector: inputs.namespaceSelector } : {}),
          exclude: inputs.excludeNamespaces,
        },
        serviceAccounts: inputs.serviceAccounts,
        replace: !inputs.merge,
        force: inputs.force,
        dryRun: inputs.dryRun,
        keepManifests: false,
      },
    );
    const rows = result.namespaces.map(({ namespace, outcome, registries, serviceAccounts, ...rest }) => {
      // A ServiceAccount that could not be updated fails the namespace: its reason is the namespace's.
      const reason =
        (rest.reason && rest.hint
          ? `${rest.reason}; ${wordOptions(rest.hint, actionWording)}`
          : rest.reason) ??
        (serviceAccounts
          .filter((sa) => sa.outcome === 'failed')
          .map((sa) => `ServiceAccount ${sa.name}: ${sa.reason ?? 'failed'}`)
          .join('; ') ||
          undefined);
      return { namespace, outcome, ...(reason ? { reason } : {}), registries, serviceAccounts };
    });
    for (const warning of result.warnings) core.warning(warning);
    summary.namespaces = rows;
    core.setOutput('namespaces', JSON.stringify(rows));
    for (const row of rows) {
      const accounts = row.serviceAccounts.map((sa) => `${sa.name} ${sa.outcome}`).join(', ');
      core.info(
        `${row.namespace}: ${row.outcome}${row.reason ? ` (${row.reason})` : ''}${accounts ? `; ServiceAccounts: ${accounts}` : ''}`,
      );
    }
    return rows
      .filter((_, index) => !result.namespaces[index]!.ok)
      .map(({ namespace, outcome, reason }) => `${namespace} ${outcome}${reason ? ` (${reason})` : ''}`);
  } finally {
    if (kubeconfig) await rm(kubeconfig, { force: true });
  }
}

/** The credential cannot pull verify-image: the registry said no, so the message says it all. */
class VerifyFailedError extends Error {}

/** An error as one line: its message and hint, never a stack. */
function oneLine(error: unknown): string {
  if (error instanceof PullSecretError) {
    // Library errors name options neutrally: here they become the inputs of the workflow step.
    const { message, hint } = error.render(actionWording);
    return [message, hint]
      .filter(Boolean)
      .join(' ')
      .replace(/\s*\n\s*/g, ' ');
  }
  if (error instanceof VerifyFailedError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message.split('\n')[0]}`;
}
