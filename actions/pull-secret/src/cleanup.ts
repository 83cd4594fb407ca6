import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { PullSecretError, showUntrusted } from '@pull-secret/dockerconfigjson';
import { parseDuration } from '@pull-secret/http';
import { connectKubeApi, KubeApiError, type NamespaceResult } from '@pull-secret/secret';
import { kubeconfigSecrets } from './kubeconfig-secrets.js';
import { actionWording } from './option-wording.js';
import type { ActionInputs } from './read-inputs.js';

/** The state the main step leaves for the post step (core.saveState): the Secrets it created. */
export const CREATED_STATE = 'created-secrets';

interface CreatedSecrets {
  name: string;
  /** Each Secret this step created, with the uid it got: the post step deletes that object only. */
  secrets: { namespace: string; uid?: string }[];
}

/**
 * With `cleanup: true`, records for the post step the Secrets this step created: never one it
 * updated, which was there before and stays. A dry run creates nothing.
 */
export function saveCreatedSecrets(inputs: ActionInputs, namespaces: readonly NamespaceResult[]): void {
  if (inputs.dryRun !== 'none') return;
  const secrets = namespaces
    .filter((ns) => ns.outcome === 'created')
    .map((ns) => {
      const uid = ns.manifest?.metadata.uid;
      return { namespace: ns.namespace, ...(typeof uid === 'string' ? { uid } : {}) };
    });
  if (secrets.length === 0) return;
  const state: CreatedSecrets = { name: inputs.secretName, secrets };
  core.saveState(CREATED_STATE, JSON.stringify(state));
}

/**
 * The post step (action.yml `post:`, run at the end of the job, also after a failure): deletes the
 * Secrets the main step created, each only while it is still the object created then (a uid
 * precondition), and says what it deleted. Nothing to do without `cleanup: true` or when nothing was
 * created.
 */
export async function runCleanup(): Promise<void> {
  const saved = core.getState(CREATED_STATE);
  if (!saved) return;
  const input = (name: string) => core.getInput(name);
  const kubeconfigInput = input('kubeconfig');
  for (const secret of kubeconfigSecrets(kubeconfigInput)) core.setSecret(secret);
  let kubeconfig: string | undefined;
  try {
    const { name, secrets } = JSON.parse(saved) as CreatedSecrets;
    if (kubeconfigInput) {
      kubeconfig = join(
        process.env.RUNNER_TEMP || tmpdir(),
        `pull-secret-kubeconfig-${randomBytes(6).toString('hex')}`,
      );
      await writeFile(kubeconfig, kubeconfigInput, { mode: 0o600, flag: 'wx' });
    }
    const api = await connectKubeApi({
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(input('context') ? { context: input('context') } : {}),
      timeoutMs: parseDuration(input('request-timeout') || '30s', 'request-timeout'),
    });
    const deleted: string[] = [];
    const failed: string[] = [];
    for (const { namespace, uid } of secrets) {
      try {
        if (await api.deleteSecret(namespace, name, uid)) {
          deleted.push(namespace);
          core.info(`pull-secret cleanup: deleted Secret ${name} in ${namespace}`);
        } else {
          core.info(`pull-secret cleanup: Secret ${name} in ${namespace} was gone already`);
        }
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 409) {
          // Deleted and made again since: that Secret is someone else's now.
          core.info(
            `pull-secret cleanup: left Secret ${name} in ${namespace}: it was replaced since this job created it`,
          );
          continue;
        }
        failed.push(`${namespace} (${oneLine(error)})`);
      }
    }
    core.info(
      `pull-secret cleanup: deleted ${deleted.length} of ${secrets.length} Secret${secrets.length === 1 ? '' : 's'} ${name} this job created${deleted.length > 0 ? ` (${deleted.join(', ')})` : ''}.`,
    );
    if (failed.length > 0)
      core.setFailed(`pull-secret cleanup could not delete Secret ${name} in ${failed.join('; ')}.`);
  } catch (error) {
    core.setFailed(`pull-secret cleanup: ${oneLine(error)}`);
  } finally {
    if (kubeconfig) await rm(kubeconfig, { force: true });
  }
}

function oneLine(error: unknown): string {
  if (error instanceof PullSecretError) {
    const { message, hint } = error.render(actionWording);
    return showUntrusted([message, hint].filter(Boolean).join(' '));
  }
  return showUntrusted(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
}
