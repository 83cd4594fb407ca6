import {
  type CredentialRecipe,
  dockerConfigSecretForms,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { type ApplyOutcome, applyManaged, type ManagedResult } from './apply-managed.js';
import { dockerConfigSecret } from './docker-config-secret.js';
import { connectKubeApi, type KubeApi, type KubeApiInit } from './kube-api.js';
import { planManaged } from './managed-shape.js';
import type { SecretManifest, ServiceAccountManifest } from './manifest-types.js';
import { validateSecretName, validateServiceAccountName } from './names.js';
import type { Listed } from './plan-from-lists.js';
import type { NamespaceTargets } from './resolve-namespaces.js';
import { addToServiceAccount, type ServiceAccountResult } from './service-account-update.js';

export type { ApplyOutcome } from './apply-managed.js';
export type { ServiceAccountResult } from './service-account-update.js';

export interface NamespaceResult {
  namespace: string;
  outcome: ApplyOutcome;
  /** Why it was skipped, refused or failed; names no option. */
  reason?: string;
  /** What to do about it; may name options as `{{option}}`, for the front end to word (wordOptions). */
  hint?: string;
  /** The registries the Secret holds afterwards (or would, in a dry run). */
  registries: string[];
  serviceAccounts: ServiceAccountResult[];
  /** False when the namespace failed or was refused, or a ServiceAccount could not be updated. */
  ok: boolean;
  /** What changes, one line each, secrets left out; for a diff. */
  changes: string[];
  /** The Secret as written (or as it would be); data included, so print it only on purpose. */
  manifest?: SecretManifest;
  /** The error a failed namespace met, for a debug trace (its message is `reason`). */
  error?: unknown;
}

export interface ApplyPullSecretOptions {
  name: string;
  credentials: readonly RegistryCredential[];
  /** The provider of every credential `recipes` does not name. Default `static`. */
  provider?: string;
  /** How each credential was made, by `credential.registry`: kept per registry in the Secret. */
  recipes?: Readonly<Record<string, CredentialRecipe>>;
  targets: NamespaceTargets;
  /** ServiceAccounts that get the Secret in their `imagePullSecrets`. */
  serviceAccounts?: readonly string[];
  /** Drop the entries of other registries instead of keeping them. */
  replace?: boolean;
  /** Take over a Secret pull-secret did not create. */
  force?: boolean;
  /** `client`: read, but write nothing; `server`: send writes with dryRun=All. */
  dryRun?: 'none' | 'client' | 'server';
  /** Namespaces worked on at once. Default 16. */
  concurrency?: number;
  /** Fresh reads after a 409 Conflict before giving up on a namespace. Default 16. */
  conflictRetries?: number;
  /** How long to wait for a ServiceAccount that does not exist yet (a new namespace's `default`). Default 5 s. */
  serviceAccountWaitMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Said once: e.g. the cluster-wide list was refused and every namespace is read one by one. */
  onWarning?: (message: string) => void;
  /** Keep each namespace's Secret as written in its result (`manifest`). Default true. */
  keepManifests?: boolean;
}

export interface ApplyPullSecretResult {
  namespaces: NamespaceResult[];
  /** True when every namespace succeeded (created, updated, unchanged or skipped). */
  ok: boolean;
  /** What onWarning was told, in order. */
  warnings: string[];
}

/**
 * Writes the pull Secret to every target namespace the way a careful controller would: read, merge
 * (other registries' entries stay unless `replace`), and write only when something changed, by create
 * or by update with the read resourceVersion as precondition, re-reading on 409. Never deletes. A
 * Secret pull-secret did not create is refused unless `force`. Then adds the Secret to the named
 * ServiceAccounts once. One namespace failing does not stop the others.
 */
export async function applyPullSecret(
  kube: KubeApi | KubeApiInit,
  options: ApplyPullSecretOptions,
): Promise<ApplyPullSecretResult> {
  validateSecretName(options.name);
  for (const account of options.serviceAccounts ?? []) validateServiceAccountName(account);
  // Whatever the API server echoes back (a rejected object, a webhook message) is redacted with every
  // form of these credentials, whatever the caller passed.
  const api =
    'readSecret' in kube
      ? kube
      : await connectKubeApi({
          ...kube,
          secrets: [...(kube.secrets ?? []), ...dockerConfigSecretForms(options.credentials)],
        });
  const serviceAccounts = options.serviceAccounts ?? [];
  const listedAccounts = new Map<string, Listed<ServiceAccountManifest> | undefined>();
  const accountResults = new Map<string, ServiceAccountResult[]>();
  const result = await applyManaged(
    api,
    { ...options, shape: dockerConfigSecret(options) },
    {
      async prefetch(planner) {
        for (const account of new Set(serviceAccounts)) {
          listedAccounts.set(
            account,
            await planner.byNamespace(`serviceaccounts named ${account}`, () =>
              api.listServiceAccountsNamed(account),
            ),
          );
        }
      },
      async after(namespace, written) {
        const outcomes: ServiceAccountResult[] = [];
        const secretOutcome = written.outcome;
        for (const account of serviceAccounts) {
          const listed = listedAccounts.get(account);
          const known = listed ? { object: listed.get(namespace) } : undefined;
          const outcome = await addToServiceAccount(api, namespace, account, options.name, options, known);
          outcomes.push(outcome);
          if (outcome.outcome === 'failed') {
            // Counted where it is shown: the namespace failed, though its Secret was written.
            written.reason = `${written.reason ? `${written.reason}; ` : `secret ${secretOutcome}, but `}${outcome.reason ?? `serviceaccount "${account}" failed`}`;
            written.outcome = 'failed';
            written.ok = false;
          }
          if (outcome.outcome === 'added')
            written.changes.push(`+ serviceaccount ${account}: imagePullSecrets += ${options.name}`);
        }
        accountResults.set(namespace, outcomes);
      },
    },
  );
  return {
    namespaces: result.namespaces.map((row) => namespaceResult(row, accountResults.get(row.namespace) ?? [])),
    ok: result.namespaces.every((row) => row.ok),
    warnings: result.warnings,
  };
}

function namespaceResult(
  row: ManagedResult<SecretManifest>,
  serviceAccounts: ServiceAccountResult[],
): NamespaceResult {
  const { items, ...rest } = row;
  return { ...rest, registries: items, serviceAccounts };
}

interface WritePlan {
  result: NamespaceResult;
  desired: SecretManifest;
}

/** What to write given what is there: pure, so every rule is unit-tested without a cluster. */
export function planWrite(
  namespace: string,
  existing: SecretManifest | undefined,
  options: ApplyPullSecretOptions,
): WritePlan {
  const plan = planManaged(dockerConfigSecret(options), namespace, existing, options);
  const ok = plan.outcome !== 'refused' && plan.outcome !== 'failed';
  const result: NamespaceResult = {
    namespace,
    outcome: plan.outcome,
    ...(plan.reason ? { reason: plan.reason } : {}),
    ...(plan.hint ? { hint: plan.hint } : {}),
    registries: plan.items,
    serviceAccounts: [],
    ok,
    changes: plan.changes,
    ...(plan.outcome === 'created' || plan.outcome === 'updated' ? { manifest: plan.desired! } : {}),
  };
  return { result, desired: plan.desired! };
}
