import {
  type CredentialRecipe,
  dockerConfigSecretForms,
  goGlobMatch,
  normalizeRegistryKey,
  type RegistryCredential,
  redactText,
} from '@pull-secret/dockerconfigjson';
import { type ApplyPullSecretOptions, applyPullSecret, planWrite } from '../apply-pull-secret.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../conventions.js';
import { formatRfc3339, readCredentialMetadata } from '../credential-metadata.js';
import type { KubeApi } from '../kube-api.js';
import type { SecretManifest } from '../manifest-types.js';
import {
  DEFAULT_REFRESH_POINT,
  isDue,
  type RecipeResolver,
  type RefreshPoint,
} from '../refresh-pull-secrets.js';
import { listedNamespaces, type NamespaceTargets, validateTargets } from '../resolve-namespaces.js';
import { alarm, type Clock, SYSTEM_CLOCK } from './alarm.js';
import { type BackoffInit, backoff } from './backoff.js';
import { dueAt } from './due-at.js';
import { type WatchedCollection, type WatchedObject, watchCollection } from './watch-collection.js';

export type ReconcilerApplyOptions = Pick<
  ApplyPullSecretOptions,
  'name' | 'credentials' | 'provider' | 'recipes' | 'serviceAccounts' | 'replace' | 'force' | 'concurrency'
>;

export interface PullSecretReconcilerInit {
  /** What `apply` declares: the Secret, its first logins and their recipes. */
  apply: ReconcilerApplyOptions;
  targets: NamespaceTargets;
  /** Makes a recipe's logins again when they reach their refresh point. */
  resolve: RecipeResolver;
  /** Default: past half the lifetime. */
  before?: RefreshPoint;
  clock?: Clock;
  /** One line per thing done (names only, never a secret). */
  log?: (line: string) => void;
  /** Between attempts after a failed write or login. */
  retry?: BackoffInit;
  /** Passed to each watch (tests shorten them). */
  watch?: { inactivityMs?: number; timeoutSeconds?: number };
}

export interface ExpirySample {
  namespace: string;
  secret: string;
  registry: string;
  secondsLeft: number;
}

export interface PullSecretReconciler {
  /** Every watch has listed once. */
  ready(): boolean;
  /** The leader writes; others only watch. Taking the lead refreshes what is due and applies everywhere. */
  setLeader(leader: boolean): void;
  /** Logins made again, and attempts that failed. */
  counts(): { refreshes: number; refreshFailures: number; writes: number; lists: number };
  /** Per managed Secret seen and registry entry: seconds until it expires. */
  expiries(): ExpirySample[];
  stop(): Promise<void>;
}

/**
 * Keeps what `apply` declares true while it runs: watches namespaces (a selection's, or those named)
 * and the managed Secrets, and writes the Secret (and the ServiceAccount entries) wherever it is
 * missing or differs from what apply would write, through applyPullSecret (merge, no write when
 * nothing changes, conflict retries). Its own writes come back as events that plan to no change, so
 * they do not loop. Each login is made again at its refresh point by a timer, through the resolver.
 */
export async function startPullSecretReconciler(
  api: KubeApi,
  init: PullSecretReconcilerInit,
): Promise<PullSecretReconciler> {
  validateTargets(init.targets);
  const clock = init.clock ?? SYSTEM_CLOCK;
  const before = init.before ?? DEFAULT_REFRESH_POINT;
  const write = init.log ?? (() => {});
  // The API server may echo what it refused: logins made since start-up are hidden from every line too.
  const log = (line: string) => write(redactText(line, dockerConfigSecretForms([...current.values()])));
  const name = init.apply.name;
  const selecting = Boolean(init.targets.allNamespaces || init.targets.namespaceSelector);
  const excluded = (namespace: string) =>
    (init.targets.exclude ?? []).some((glob) => goGlobMatch(glob, namespace));

  // The logins to write, by registry key; replaced as each is made again.
  const issued = new Date(clock.now());
  const current = new Map<string, RegistryCredential>();
  for (const credential of init.apply.credentials) {
    current.set(credential.registry, { ...credential, issuedAt: credential.issuedAt ?? issued });
  }
  const recipeOf = (registry: string): CredentialRecipe =>
    init.apply.recipes?.[registry] ?? { provider: init.apply.provider ?? 'static' };
  const applyOptions = (): ApplyPullSecretOptions => ({
    ...init.apply,
    credentials: [...current.values()],
    targets: { namespaces: [] },
    dryRun: 'none',
    keepManifests: false,
  });

  let leader = false;
  let stopped = false;
  const counts = { refreshes: 0, refreshFailures: 0, writes: 0, lists: 0 };
  const desired = new Set<string>(selecting ? [] : listedNamespaces(init.targets, api.defaultNamespace));
  const secrets = new Map<string, SecretManifest>();
  const collections: WatchedCollection[] = [];
  const pending = new Set<string>();
  const writeRetry = backoff(init.retry);
  const cancels = new Set<() => void>();
  const later = (ms: number, callback: () => void) => {
    const cancel = alarm(clock, clock.now() + ms, () => {
      cancels.delete(cancel);
      callback();
    });
    cancels.add(cancel);
  };

  // One writer at a time: every namespace asked for since the last pass goes in one applyPullSecret.
  let draining: Promise<void> | undefined;
  const enqueue = (namespaces: Iterable<string>) => {
    for (const namespace of namespaces) pending.add(namespace);
    if (leader && !draining && pending.size > 0) draining = drain().finally(() => (draining = undefined));
  };
  const drain = async () => {
    while (leader && !stopped && pending.size > 0) {
      const batch = [...pending].filter((namespace) => desired.has(namespace)).sort();
      pending.clear();
      if (batch.length === 0) continue;
      let failed: string[] = [];
      try {
        const result = await applyPullSecret(api, { ...applyOptions(), targets: { namespaces: batch } });
        for (const row of result.namespaces) {
          if (row.outcome === 'created' || row.outcome === 'updated') counts.writes++;
          if (row.outcome !== 'unchanged' || row.serviceAccounts.some((sa) => sa.outcome === 'added')) {
            const accounts = row.serviceAccounts.map((sa) => ` serviceaccount ${sa.name} ${sa.outcome}`);
            log(
              `secret ${row.namespace}/${name} ${row.outcome}${accounts.join(',')}${row.reason ? `: ${row.reason}` : ''}`,
            );
          }
          if (!row.ok && row.outcome !== 'refused') failed.push(row.namespace);
        }
      } catch (error) {
        log(`could not apply secret ${name}: ${(error as Error)?.message ?? String(error)}`);
        failed = batch;
      }
      if (failed.length > 0) {
        const delay = writeRetry.next();
        later(delay, () => enqueue(failed));
      } else {
        writeRetry.reset();
      }
    }
  };

  // Refresh timers: one alarm, for the earliest refresh point among the logins held.
  let cancelRefresh: (() => void) | undefined;
  const refreshRetry = backoff({ baseMs: 5_000, maxMs: 300_000, ...init.retry });
  const scheduleRefresh = (failedAt?: number) => {
    cancelRefresh?.();
    cancelRefresh = undefined;
    if (!leader || stopped) return;
    let next = Number.POSITIVE_INFINITY;
    for (const credential of current.values()) {
      if (recipeOf(credential.registry).provider === 'static') continue;
      const at = dueAt(entryTimes(credential), before);
      if (at !== undefined) next = Math.min(next, at);
    }
    if (failedAt !== undefined) next = Math.max(next, failedAt);
    if (next === Number.POSITIVE_INFINITY) return;
    cancelRefresh = alarm(clock, next, () => void refreshDue());
  };
  const refreshDue = async () => {
    const now = new Date(clock.now());
    const groups = new Map<string, { recipe: CredentialRecipe; registries: string[] }>();
    for (const credential of current.values()) {
      const recipe = recipeOf(credential.registry);
      if (recipe.provider === 'static' || !isDue(entryTimes(credential), before, now)) continue;
      const key = JSON.stringify([recipe.provider, Object.entries(recipe.options ?? {}).sort()]);
      const group = groups.get(key) ?? { recipe, registries: [] };
      group.registries.push(credential.registry);
      groups.set(key, group);
    }
    let failed = false;
    for (const { recipe, registries } of groups.values()) {
      try {
        const made = await init.resolve(recipe, registries);
        const issuedAt = new Date(clock.now());
        for (const registry of registries) {
          const login = made.find((c) => normalizeRegistryKey(c.registry) === normalizeRegistryKey(registry));
          if (!login) throw new Error(`the ${recipe.provider} provider made no login for ${registry}`);
          current.set(registry, { ...login, registry, issuedAt: login.issuedAt ?? issuedAt });
          counts.refreshes++;
          log(
            `login for ${registry} made again (${recipe.provider}), expires ${login.expiresAt ? formatRfc3339(login.expiresAt) : 'never'}`,
          );
        }
        refreshRetry.reset();
      } catch (error) {
        failed = true;
        counts.refreshFailures += registries.length;
        log(
          `could not make the ${recipe.provider} login again for ${registries.join(', ')}: ${(error as Error)?.message ?? String(error)}`,
        );
      }
    }
    if (groups.size > 0 && leader) enqueue(desired);
    scheduleRefresh(failed ? clock.now() + refreshRetry.next() : undefined);
  };

  const namespaceWanted = (object: WatchedObject) => {
    const namespace = object as WatchedObject & {
      metadata: { deletionTimestamp?: string };
      status?: { phase?: string };
    };
    return (
      !excluded(namespace.metadata.name ?? '') &&
      !namespace.metadata.deletionTimestamp &&
      namespace.status?.phase !== 'Terminating'
    );
  };
  const onNamespace = (object: WatchedObject) => {
    const namespace = object.metadata.name ?? '';
    if (namespaceWanted(object)) {
      if (!desired.has(namespace)) {
        desired.add(namespace);
        enqueue([namespace]);
      }
    } else {
      desired.delete(namespace);
    }
  };
  const secretKey = (object: WatchedObject) => object.metadata.namespace ?? '';
  const onSecret = (object: WatchedObject) => {
    const secret = object as unknown as SecretManifest;
    const namespace = secretKey(object);
    secrets.set(namespace, secret);
    if (!leader || !desired.has(namespace)) return;
    // Our own writes plan to no change; someone else's edit (a login changed, an entry dropped) does not.
    const planned = planWrite(namespace, secret, applyOptions()).result.outcome;
    if (planned !== 'unchanged') enqueue([namespace]);
  };
  const onSecretGone = (object: WatchedObject) => {
    const namespace = secretKey(object);
    secrets.delete(namespace);
    if (desired.has(namespace)) {
      log(`secret ${namespace}/${name} is gone`);
      enqueue([namespace]);
    }
  };

  let listed = 0;
  const watchOptions = { ...init.watch, ...(init.retry ? { retry: init.retry } : {}) };
  const onError = (what: string) => (error: unknown, retryInMs: number) =>
    log(`watch of ${what} failed (${(error as Error)?.message ?? String(error)}); again in ${retryInMs} ms`);
  const secretFilter = {
    labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`,
    fieldSelector: `metadata.name=${name}`,
  };
  const expected = selecting ? 2 : desired.size;
  const onListed = () => {
    counts.lists++;
    if (listed < expected) listed++;
    else if (leader) enqueue(desired);
  };
  if (selecting) {
    collections.push(
      await watchCollection({
        api,
        path: '/api/v1/namespaces',
        ...(init.targets.namespaceSelector ? { labelSelector: init.targets.namespaceSelector } : {}),
        onAdd: onNamespace,
        onUpdate: onNamespace,
        onDelete: (object) => desired.delete(object.metadata.name ?? ''),
        onListed,
        onError: onError('namespaces'),
        ...watchOptions,
      }),
      await watchCollection({
        api,
        path: '/api/v1/secrets',
        ...secretFilter,
        onAdd: onSecret,
        onUpdate: onSecret,
        onDelete: onSecretGone,
        onListed,
        onError: onError('secrets'),
        ...watchOptions,
      }),
    );
  } else {
    for (const namespace of desired) {
      collections.push(
        await watchCollection({
          api,
          path: `/api/v1/namespaces/${namespace}/secrets`,
          ...secretFilter,
          onAdd: onSecret,
          onUpdate: onSecret,
          onDelete: onSecretGone,
          onListed,
          onError: onError(`secrets in ${namespace}`),
          ...watchOptions,
        }),
      );
    }
  }

  return {
    ready: () => listed >= expected,
    setLeader(value) {
      if (value === leader) return;
      leader = value;
      if (leader) {
        void refreshDue();
        enqueue(desired);
      } else {
        cancelRefresh?.();
      }
    },
    counts: () => ({ ...counts }),
    expiries() {
      const now = clock.now();
      const samples: ExpirySample[] = [];
      for (const [namespace, secret] of secrets) {
        for (const entry of readCredentialMetadata(secret)) {
          if (!entry.expiresAt) continue;
          const secondsLeft = (Date.parse(entry.expiresAt) - now) / 1000;
          samples.push({ namespace, secret: secret.metadata.name, registry: entry.registry, secondsLeft });
        }
      }
      return samples;
    },
    async stop() {
      stopped = true;
      leader = false;
      cancelRefresh?.();
      for (const cancel of cancels) cancel();
      await Promise.all(collections.map((collection) => collection.stop()));
      await draining;
    },
  };
}

function entryTimes(credential: RegistryCredential): { expiresAt?: string; issuedAt?: string } {
  return {
    ...(credential.expiresAt ? { expiresAt: credential.expiresAt.toISOString() } : {}),
    ...(credential.issuedAt ? { issuedAt: credential.issuedAt.toISOString() } : {}),
  };
}
