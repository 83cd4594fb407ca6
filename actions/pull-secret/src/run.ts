import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  type CredentialRecipe,
  displayRegistryKey,
  earliestExpiry,
  PullSecretError,
  redactText,
  registryKeys,
  secretLines,
  showUntrusted,
  uniqueProviderOptions,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { githubIdTokenSupplier } from '@pull-secret/http';
import { PROVIDER_PLUGINS, withRefusedHint } from '@pull-secret/plugins';
import {
  applyPullSecret,
  formatManifests,
  formatRfc3339,
  listedNamespaces,
  pullSecretManifest,
} from '@pull-secret/secret';
import { readBinderhubInputs, writeBinderhubValues } from './binderhub-mode.js';
import { saveCreatedSecrets } from './cleanup.js';
import { jobSummary, type SummaryInput } from './job-summary.js';
import { kubeconfigSecrets } from './kubeconfig-secrets.js';
import { writeKubevirtManifests } from './kubevirt-mode.js';
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
    // Secrets first, before any input is checked: no log line, warning or error may come before they
    // are masked. Multi-line values line by line too: the runner never matches a value that spans lines.
    mask(input('password'));
    mask(input('pull-password'));
    // A config given inline is masked whole and by line (the logins in it are masked below, in every
    // form); a path is not a secret.
    const dockerConfig = input('docker-config');
    if (isInlineDockerConfig(dockerConfig)) mask(dockerConfig);
    for (const { option } of uniqueProviderOptions(PROVIDER_PLUGINS)) {
      if (option.secret) mask(input(option.name));
    }
    for (const value of kubeconfigSecrets(input('kubeconfig'))) mask(value);

    const inputs = readActionInputs(input);
    // Checked before any login is made, as every other input.
    const binderhub = inputs.mode === 'binderhub' ? readBinderhubInputs(input) : undefined;
    // The job's OIDC token (id-token: write), on the same HTTP layer and time limit as every call.
    const supplier = githubIdTokenSupplier({
      env: process.env,
      timeoutMs: inputs.requestTimeoutMs,
      onSecret: (secret) => mask(secret),
    });
    // The audience input, when set, replaces the one each provider asks for.
    const { audience } = inputs;
    const idToken = supplier && audience !== undefined ? () => supplier(audience) : supplier;
    const { credentials, provider, recipes } = await readActionCredentials(inputs, input, PROVIDER_PLUGINS, {
      env: process.env,
      readFile: (path) => readFile(path, 'utf8'),
      mask,
      warn: (message) => core.warning(showUntrusted(message)),
      ...(idToken ? { idToken } : {}),
    });

    if (inputs.mode === 'binderhub') {
      // Its own checks (push, and the user pods' pull of verify-image), outputs and files.
      await writeBinderhubValues(inputs, binderhub!, credentials, recipes, mask);
      return;
    }

    if (inputs.verifyImage !== undefined) {
      // kubelet's lookup picks the credentials for the image; each is tried as a container runtime would.
      const { verifyImageAccess } = await import('@pull-secret/registry');
      const outcome = await verifyImageAccess(inputs.verifyImage, credentials, {
        ...(inputs.verifyCa === undefined ? {} : { ca: inputs.verifyCa }),
        env: process.env,
        timeoutMs: inputs.requestTimeoutMs,
      });
      const verified = withRefusedHint(outcome, recipes[outcome.registry]?.provider);
      const scheme = verified.scheme ? ` (${verified.scheme} auth)` : '';
      if (!verified.ok) {
        throw new VerifyFailedError(
          `verify-image ${inputs.verifyImage}: ${verified.result}: ${showUntrusted(verified.message)}; nothing was written.${verified.hint ? ` ${wordOptions(verified.hint, (option, n) => (option === 'ca-file' ? 'the input verify-ca' : actionWording(option, n)))}` : ''}`,
        );
      }
      core.info(`pull-secret: verified ${inputs.verifyImage}: ${verified.result}${scheme}`);
    }

    // Keys come from config files: user info hidden, control characters escaped, in logs and outputs.
    const registries = registryKeys(credentials).map(displayRegistryKey);
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
      inputs.mode === 'kubevirt'
        ? await kubevirtMode(inputs, {
            credentials,
            provider,
            recipes,
            readFile: (path) => readFile(path, 'utf8'),
          })
        : inputs.mode === 'manifest'
          ? await writeManifest(inputs, credentials, provider, recipes, summary)
          : await apply(inputs, credentials, provider, recipes, [...masked], summary);
    if (process.env.GITHUB_STEP_SUMMARY) await writeJobSummary(summary);
    if (failures.length > 0) {
      core.setFailed(
        `${failures.length} of ${summary.namespaces.length} namespaces failed or were refused: ${failures.join('; ')}.`,
      );
    }
  } catch (error) {
    core.setFailed(showUntrusted(redactText(oneLine(error), masked)));
    // With step debug logging, the stack too: source maps (src/index.ts) point it into src/*.ts.
    if (core.isDebug() && error instanceof Error && error.stack) {
      for (const line of redactText(error.stack, masked).split('\n')) core.debug(showUntrusted(line));
    }
  }
}

/** The job summary is a report: the Secret is written already, so failing to write it only warns. */
async function writeJobSummary(summary: SummaryInput): Promise<void> {
  try {
    await core.summary.addRaw(jobSummary(summary)).write();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message?.split('\n')[0];
    core.warning(
      `Could not write the job summary (${showUntrusted(String(reason))}); the step's outputs hold the results.`,
    );
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
        // With cleanup, the Secrets as written: their uids make sure the post step deletes only those.
        keepManifests: inputs.cleanup,
      },
    );
    if (inputs.cleanup) saveCreatedSecrets(inputs, result.namespaces);
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
      // Reasons quote the API server and its webhooks: one line, control characters escaped.
      return {
        namespace,
        outcome,
        ...(reason ? { reason: showUntrusted(reason) } : {}),
        registries: registries.map(displayRegistryKey),
        serviceAccounts,
      };
    });
    for (const warning of result.warnings) core.warning(showUntrusted(warning));
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

/** mode: kubevirt writes one file and touches no cluster: nothing can fail per namespace. */
async function kubevirtMode(
  inputs: ActionInputs,
  init: Parameters<typeof writeKubevirtManifests>[1],
): Promise<string[]> {
  await writeKubevirtManifests(inputs, init);
  return [];
}

/** The credential cannot pull verify-image: the registry said no, so the message says it all. */
class VerifyFailedError extends Error {}

// In a workflow the kubeconfig comes from an earlier step, or from this step's input as content.
const KUBECONFIG_SETUP_HINT =
  'Run a step that sets up the kubeconfig before this one (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), or give the kubeconfig content in the input kubeconfig.';

/** An error as one line: its message and hint, never a stack. */
function oneLine(error: unknown): string {
  if (error instanceof PullSecretError) {
    // Library errors name options neutrally: here they become the inputs of the workflow step.
    const { message, hint } = error.render(actionWording);
    return [message, error.code === 'KUBECONFIG_NOT_FOUND' ? KUBECONFIG_SETUP_HINT : hint]
      .filter(Boolean)
      .join(' ')
      .replace(/\s*\n\s*/g, ' ');
  }
  if (error instanceof VerifyFailedError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message.split('\n')[0]}`;
}
