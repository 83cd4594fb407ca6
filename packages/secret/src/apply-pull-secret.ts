import {
  decodeDockerConfig,
  displayRegistryKey,
  dockerConfigSecretForms,
  mergeDockerConfig,
  normalizeRegistryKey,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import {
  DOCKER_CONFIG_JSON_KEY,
  EXPIRES_AT_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
  SECRET_TYPE,
} from './conventions.js';
import { connectKubeApi, type KubeApi, type KubeApiInit } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import type { SecretManifest } from './manifest-types.js';
import { validateSecretName } from './names.js';
import { pullSecretManifest } from './pull-secret-manifest.js';
import { type NamespaceTargets, resolveNamespaces } from './resolve-namespaces.js';
import { withImagePullSecret } from './service-account.js';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'refused' | 'failed';

export interface ServiceAccountResult {
  name: string;
  outcome: 'added' | 'present' | 'failed';
  reason?: string;
}

export interface NamespaceResult {
  namespace: string;
  outcome: ApplyOutcome;
  /** Why it was skipped, refused or failed. */
  reason?: string;
  /** The registries the Secret holds afterwards (or would, in a dry run). */
  registries: string[];
  serviceAccounts: ServiceAccountResult[];
  /** False when the namespace failed or was refused, or a ServiceAccount could not be updated. */
  ok: boolean;
  /** What changes, one line each, secrets left out; for --diff. */
  changes: string[];
  /** The Secret as written (or as it would be); data included, so print it only on purpose. */
  manifest?: SecretManifest;
}

export interface ApplyPullSecretOptions {
  name: string;
  credentials: readonly RegistryCredential[];
  /** For the `pull-secret.dev/provider` annotation. Default `static`. */
  provider?: string;
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
}

export interface ApplyPullSecretResult {
  namespaces: NamespaceResult[];
  /** True when every namespace succeeded (created, updated, unchanged or skipped). */
  ok: boolean;
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
  // Whatever the API server echoes back (a rejected object, a webhook message) is redacted with every
  // form of these credentials, whatever the caller passed.
  const api =
    'readSecret' in kube
      ? kube
      : await connectKubeApi({
          ...kube,
          secrets: [...(kube.secrets ?? []), ...dockerConfigSecretForms(options.credentials)],
        });
  const { namespaces, terminating } = await resolveNamespaces(api, options.targets);
  const results = new Map<string, NamespaceResult>();
  for (const namespace of terminating) {
    results.set(namespace, skipped(namespace, 'the namespace is being deleted'));
  }
  let done = 0;
  const total = namespaces.length;
  await forEachConcurrently(namespaces, options.concurrency ?? 16, async (namespace) => {
    results.set(namespace, await applyToNamespace(api, namespace, options));
    options.onProgress?.(++done, total);
  });
  const ordered = [...namespaces, ...terminating].map((namespace) => results.get(namespace)!);
  return { namespaces: ordered, ok: ordered.every((result) => result.ok) };
}

async function applyToNamespace(
  api: KubeApi,
  namespace: string,
  options: ApplyPullSecretOptions,
): Promise<NamespaceResult> {
  let result: NamespaceResult;
  try {
    result = await writeSecret(api, namespace, options);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 403 && /being terminated/.test(error.message)) {
      return skipped(namespace, 'the namespace is being deleted');
    }
    if (error instanceof KubeApiError && error.status === 404) {
      return failed(namespace, `namespace "${namespace}" not found`);
    }
    return failed(namespace, error instanceof Error ? error.message : String(error));
  }
  if (!result.ok || !options.serviceAccounts?.length) return result;
  for (const serviceAccount of options.serviceAccounts) {
    const outcome = await addToServiceAccount(api, namespace, serviceAccount, options);
    result.serviceAccounts.push(outcome);
    if (outcome.outcome === 'failed') result.ok = false;
    if (outcome.outcome === 'added')
      result.changes.push(`+ serviceaccount ${serviceAccount}: imagePullSecrets += ${options.name}`);
  }
  return result;
}

async function writeSecret(
  api: KubeApi,
  namespace: string,
  options: ApplyPullSecretOptions,
): Promise<NamespaceResult> {
  const dryRun = options.dryRun ?? 'none';
  const attempts = (options.conflictRetries ?? 16) + 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await conflictBackoff(attempt);
    const existing = await api.readSecret(namespace, options.name);
    const plan = planWrite(namespace, existing, options);
    if (plan.result.outcome !== 'created' && plan.result.outcome !== 'updated') return plan.result;
    if (dryRun === 'client') return plan.result;
    try {
      const written =
        plan.result.outcome === 'created'
          ? await api.createSecret(namespace, plan.desired, dryRun === 'server')
          : await api.replaceSecret(namespace, plan.desired, dryRun === 'server');
      return { ...plan.result, manifest: written };
    } catch (error) {
      // Someone else wrote, created or deleted it in between: read it again and merge onto theirs.
      if (error instanceof KubeApiError && error.status === 409) continue;
      if (error instanceof KubeApiError && error.status === 404 && plan.result.outcome === 'updated')
        continue;
      throw error;
    }
  }
  return failed(
    namespace,
    `other writers kept changing secret "${options.name}" (${attempts} conflicts in a row)`,
  );
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
  const fresh = pullSecretManifest({
    name: options.name,
    namespace,
    credentials: options.credentials,
    ...(options.provider ? { provider: options.provider } : {}),
  });
  const base = { namespace, serviceAccounts: [], ok: true };
  if (!existing) {
    return {
      desired: fresh,
      result: {
        ...base,
        outcome: 'created',
        registries: registriesOf(fresh),
        changes: [
          `+ secret ${namespace}/${options.name}`,
          ...options.credentials.map((c) => `+ registry ${c.registry}`),
        ],
        manifest: fresh,
      },
    };
  }
  const refuse = (reason: string): WritePlan => ({
    desired: existing,
    result: { ...base, outcome: 'refused', reason, registries: [], changes: [], ok: false },
  });
  if (existing.type !== SECRET_TYPE) {
    return refuse(
      `secret "${options.name}" exists with type ${existing.type ?? 'Opaque'}, and a Secret's type cannot change; delete it or choose another name`,
    );
  }
  const labels = existing.metadata.labels ?? {};
  if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE && !options.force) {
    return refuse(
      `secret "${options.name}" was not created by pull-secret; pass --force to take it over (its other registries are kept)`,
    );
  }
  const encoded = existing.data?.[DOCKER_CONFIG_JSON_KEY];
  // The usual re-run: the stored payload is byte for byte what these credentials encode to, so it holds
  // exactly them, and decoding, merging and encoding again would give `fresh` back.
  const sameEntries = encoded !== undefined && encoded === fresh.data?.[DOCKER_CONFIG_JSON_KEY];
  let current: RegistryCredential[] = sameEntries ? [...options.credentials] : [];
  if (encoded && !sameEntries) {
    try {
      current = decodeDockerConfig(Buffer.from(encoded, 'base64').toString('utf8'), {
        format: 'dockerconfigjson',
      });
    } catch (error) {
      if (!options.replace) {
        return {
          desired: existing,
          result: {
            ...base,
            outcome: 'failed',
            ok: false,
            registries: [],
            changes: [],
            reason: `the existing secret's .dockerconfigjson cannot be read (${(error as Error).message}); pass --replace to overwrite it`,
          },
        };
      }
    }
  }
  const credentials =
    options.replace || sameEntries
      ? [...options.credentials]
      : mergeDockerConfig(current, options.credentials);
  const merged = sameEntries
    ? fresh
    : pullSecretManifest({
        name: options.name,
        namespace,
        credentials,
        ...(options.provider ? { provider: options.provider } : {}),
      });
  const annotations = { ...existing.metadata.annotations };
  // Expiry describes what this write put there; a stale one would send refreshers to the wrong time.
  delete annotations[EXPIRES_AT_ANNOTATION];
  const desired: SecretManifest = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...labels, ...merged.metadata.labels },
      annotations: { ...annotations, ...merged.metadata.annotations },
    },
    data: { ...existing.data, ...merged.data },
  };
  const changes = describeChanges(existing, desired, current, credentials);
  const registries = registriesOf(merged);
  if (changes.length === 0) {
    return { desired, result: { ...base, outcome: 'unchanged', registries, changes } };
  }
  return {
    desired,
    result: {
      ...base,
      outcome: 'updated',
      registries,
      changes: [`~ secret ${namespace}/${options.name}`, ...changes],
      manifest: desired,
    },
  };
}

/** The differences between two versions of the Secret, without a single secret value. */
function describeChanges(
  before: SecretManifest,
  after: SecretManifest,
  beforeCredentials: readonly RegistryCredential[],
  afterCredentials: readonly RegistryCredential[],
): string[] {
  const changes: string[] = [];
  const byKey = (list: readonly RegistryCredential[]) =>
    new Map(list.map((c) => [normalizeRegistryKey(c.registry), c]));
  const old = byKey(beforeCredentials);
  const next = byKey(afterCredentials);
  for (const [key, credential] of next) {
    const previous = old.get(key);
    if (!previous) changes.push(`+ registry ${displayRegistryKey(credential.registry)}`);
    else if (
      previous.username !== credential.username ||
      previous.password !== credential.password ||
      (previous.email ?? '') !== (credential.email ?? '') ||
      previous.registry !== credential.registry
    ) {
      changes.push(`~ registry ${displayRegistryKey(credential.registry)} (new credentials)`);
    }
  }
  for (const [key, credential] of old)
    if (!next.has(key)) changes.push(`- registry ${displayRegistryKey(credential.registry)}`);
  if (
    changes.length === 0 &&
    before.data?.[DOCKER_CONFIG_JSON_KEY] !== after.data?.[DOCKER_CONFIG_JSON_KEY]
  ) {
    changes.push('~ .dockerconfigjson re-encoded');
  }
  const labelsBefore = before.metadata.labels ?? {};
  const labelsAfter = after.metadata.labels ?? {};
  if (labelsBefore[MANAGED_BY_LABEL] !== labelsAfter[MANAGED_BY_LABEL]) {
    changes.push(
      `~ label ${MANAGED_BY_LABEL}: ${labelsBefore[MANAGED_BY_LABEL] ?? '(none)'} → ${labelsAfter[MANAGED_BY_LABEL]}`,
    );
  }
  for (const key of [REGISTRIES_ANNOTATION, PROVIDER_ANNOTATION, EXPIRES_AT_ANNOTATION]) {
    const was = before.metadata.annotations?.[key];
    const now = after.metadata.annotations?.[key];
    // A key written with user info (`https://user:token@host`) must not reach the diff.
    const shown = (value: string | undefined) =>
      value === undefined ? '(none)' : value.split(',').map(displayRegistryKey).join(',');
    if (was !== now) changes.push(`~ annotation ${key}: ${shown(was)} → ${shown(now)}`);
  }
  return changes;
}

async function addToServiceAccount(
  api: KubeApi,
  namespace: string,
  name: string,
  options: ApplyPullSecretOptions,
): Promise<ServiceAccountResult> {
  try {
    // A new namespace's `default` ServiceAccount is created a moment after the namespace.
    const deadline = Date.now() + (options.serviceAccountWaitMs ?? 5000);
    const attempts = (options.conflictRetries ?? 16) + 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await conflictBackoff(attempt);
      let serviceAccount = await api.readServiceAccount(namespace, name);
      while (!serviceAccount && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        serviceAccount = await api.readServiceAccount(namespace, name);
      }
      if (!serviceAccount) return { name, outcome: 'failed', reason: `serviceaccount "${name}" not found` };
      const updated = withImagePullSecret(serviceAccount, options.name);
      if (updated === serviceAccount) return { name, outcome: 'present' };
      if (options.dryRun === 'client') return { name, outcome: 'added' };
      // A ServiceAccount's imagePullSecrets is an atomic list (a patch would replace it whole), so
      // read-modify-write with the resourceVersion as precondition keeps everyone else's entries.
      try {
        await api.replaceServiceAccount(namespace, updated, options.dryRun === 'server');
        return { name, outcome: 'added' };
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 409) continue;
        throw error;
      }
    }
    return { name, outcome: 'failed', reason: `other writers kept changing serviceaccount "${name}"` };
  } catch (error) {
    return { name, outcome: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A short, growing, random pause before re-reading after a 409, so writers racing for one object spread
 * out instead of colliding again in lockstep (10 ms doubling to 640 ms, full jitter).
 */
function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 10 * 2 ** Math.min(attempt, 6);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function registriesOf(secret: SecretManifest): string[] {
  const list = secret.metadata.annotations?.[REGISTRIES_ANNOTATION];
  return list ? list.split(',') : [];
}

function skipped(namespace: string, reason: string): NamespaceResult {
  return {
    namespace,
    outcome: 'skipped',
    reason,
    registries: [],
    serviceAccounts: [],
    ok: true,
    changes: [],
  };
}

function failed(namespace: string, reason: string): NamespaceResult {
  return {
    namespace,
    outcome: 'failed',
    reason,
    registries: [],
    serviceAccounts: [],
    ok: false,
    changes: [],
  };
}

async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
