import {
  type CredentialRecipe,
  decodeDockerConfig,
  dockerConfigSecretForms,
  InvalidInputError,
  mergeDockerConfig,
  normalizeRegistryKey,
  PullSecretError,
  type RegistryCredential,
  redactText,
} from '@pull-secret/dockerconfigjson';
import { DOCKER_CONFIG_JSON_KEY, MANAGED_BY_LABEL, MANAGED_BY_VALUE, SECRET_TYPE } from './conventions.js';
import { formatRfc3339, readCredentialMetadata } from './credential-metadata.js';
import { dockerConfigSecret } from './docker-config-secret.js';
import { connectKubeApi, type KubeApi, type KubeApiInit } from './kube-api.js';
import type { SecretManifest } from './manifest-types.js';
import { validateSecretName } from './names.js';
import { type NamespaceTargets, resolveNamespaces, validateTargets } from './resolve-namespaces.js';
import { writeManaged } from './write-managed.js';

/**
 * When an entry is due: once less than `fraction` of its lifetime is left (0.5: past half of it), or
 * once it expires within `withinMs`.
 */
export type RefreshPoint = { fraction: number } | { withinMs: number };

/** Makes the logins of one recipe for these registry keys, with the identity this process has. */
export type RecipeResolver = (
  recipe: CredentialRecipe,
  registries: readonly string[],
) => Promise<RegistryCredential[]>;

export interface RefreshPullSecretsOptions {
  /** Where to look; no namespace named: the context's namespace. */
  targets: NamespaceTargets;
  /** Only Secrets of this name. */
  secret?: string;
  /** Default: past half the lifetime. */
  before?: RefreshPoint;
  /** Makes a recipe's logins; the CLI and the Action pass the provider plugins' resolver. */
  resolve: RecipeResolver;
  /** The clock; tests inject one. */
  now?: () => Date;
  /** `client`: resolve, but write nothing; `server`: send writes with dryRun=All. */
  dryRun?: 'none' | 'client' | 'server';
  /** Fresh reads after a 409 Conflict before giving up on a Secret. Default 16. */
  conflictRetries?: number;
}

export type EntryOutcome = 'refreshed' | 'fresh' | 'static' | 'failed';

export interface RefreshEntry {
  /** The registry key as the annotations show it. */
  registry: string;
  provider: string;
  outcome: EntryOutcome;
  /** RFC 3339: the expiry before, and after when refreshed. */
  expiresAt?: string;
  newExpiresAt?: string;
  /** Why it failed; names no option as a flag. */
  reason?: string;
  /** What to do about it, as the resolver's error said; may name options as `{{option}}`. */
  hint?: string;
}

export type SecretOutcome = 'refreshed' | 'unchanged' | 'failed';

export interface RefreshSecretResult {
  namespace: string;
  name: string;
  outcome: SecretOutcome;
  entries: RefreshEntry[];
  /** Why the Secret's write failed (entries say why a login failed). */
  reason?: string;
  ok: boolean;
  /** What the write changes, secrets left out. */
  changes: string[];
}

export interface RefreshPullSecretsResult {
  secrets: RefreshSecretResult[];
  ok: boolean;
  /** Distinct recipes resolved (each once). */
  resolved: number;
}

/** Past half the lifetime, as AWS's credential helper does. */
export const DEFAULT_REFRESH_POINT: RefreshPoint = { fraction: 0.5 };

/**
 * Whether an entry expiring at `expiresAt` and made at `issuedAt` is due at `now`. An entry without a
 * known issue time (written before issue times were recorded, or edited by hand) has no known lifetime, so
 * a share of it cannot be taken: it is due, once, and the refresh records its issue time.
 */
export function isDue(
  entry: { expiresAt?: string; issuedAt?: string },
  before: RefreshPoint,
  now: Date,
): boolean {
  if (!entry.expiresAt) return false;
  const expires = Date.parse(entry.expiresAt);
  const left = expires - now.getTime();
  if ('withinMs' in before) return left <= before.withinMs;
  if (left <= 0) return true;
  if (!entry.issuedAt) return true;
  const lifetime = expires - Date.parse(entry.issuedAt);
  return lifetime <= 0 || left <= lifetime * before.fraction;
}

function validatePoint(before: RefreshPoint): void {
  const bad =
    'fraction' in before
      ? !(before.fraction > 0 && before.fraction < 1)
      : !(Number.isFinite(before.withinMs) && before.withinMs >= 0);
  if (bad) {
    throw new InvalidInputError('REFRESH_POINT', 'The refresh point is out of range.', {
      hint: 'Give {{before}} as a share of the lifetime between 0% and 100% (50%), or a duration (30m).',
      fields: { option: 'before' },
    });
  }
}

/** Same provider and options, same recipe: the key it is resolved under once per run. */
function recipeKey(recipe: CredentialRecipe): string {
  const options = Object.entries(recipe.options ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([recipe.provider, options]);
}

/** A recipe's logins, or why it could not make them. */
type Made = { credentials: RegistryCredential[] } | { error: string; hint?: string };

interface DueEntry {
  registry: string;
  recipe: CredentialRecipe;
}

/**
 * Finds the Secrets pull-secret manages (one list per namespace named, or one for all), and makes
 * again, from the recipe each entry records, every login past its refresh point; entries that do not
 * expire, or are not due, are left as they are. Each distinct recipe is resolved once, for all the
 * registries that need it. Writes go through the writer: merged into the Secret as read (other entries
 * and a concurrent writer's stay), re-read and merged again on 409. A recipe that fails leaves its
 * entries as they were, reported as failed. One Secret failing does not stop the others.
 */
export async function refreshPullSecrets(
  kube: KubeApi | KubeApiInit,
  options: RefreshPullSecretsOptions,
): Promise<RefreshPullSecretsResult> {
  validateTargets(options.targets);
  if (options.secret !== undefined) validateSecretName(options.secret);
  const before = options.before ?? DEFAULT_REFRESH_POINT;
  validatePoint(before);
  const now = (options.now ?? (() => new Date()))();
  const api = 'readSecret' in kube ? kube : await connectKubeApi(kube);
  const secrets = (await listManaged(api, options.targets)).filter(
    (secret) =>
      secret.type === SECRET_TYPE &&
      (options.secret === undefined || secret.metadata.name === options.secret),
  );

  // Which entries are due, and the registries each recipe is asked for.
  const due = new Map<SecretManifest, DueEntry[]>();
  const wanted = new Map<string, { recipe: CredentialRecipe; registries: Set<string> }>();
  for (const secret of secrets) {
    const entries: DueEntry[] = [];
    for (const entry of readCredentialMetadata(secret)) {
      if (entry.provider === 'static' || !isDue(entry, before, now)) continue;
      const recipe: CredentialRecipe = entry.options
        ? { provider: entry.provider, options: entry.options }
        : { provider: entry.provider };
      entries.push({ registry: entry.registry, recipe });
      const key = recipeKey(recipe);
      const group = wanted.get(key) ?? { recipe, registries: new Set<string>() };
      group.registries.add(entry.registry);
      wanted.set(key, group);
    }
    due.set(secret, entries);
  }

  const made = new Map<string, Made>();
  for (const [key, { recipe, registries }] of wanted) {
    try {
      const issuedAt = now;
      const credentials = (await options.resolve(recipe, [...registries].sort())).map((credential) => ({
        ...credential,
        issuedAt,
      }));
      made.set(key, { credentials });
    } catch (error) {
      const hint = error instanceof PullSecretError ? error.template.hint : undefined;
      made.set(key, {
        error: error instanceof Error ? error.message : String(error),
        ...(hint ? { hint } : {}),
      });
    }
  }

  const results: RefreshSecretResult[] = [];
  for (const secret of secrets) {
    results.push(await refreshOne(api, secret, due.get(secret)!, made, options));
  }
  results.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { secrets: results, ok: results.every((result) => result.ok), resolved: wanted.size };
}

async function refreshOne(
  api: KubeApi,
  secret: SecretManifest,
  dueEntries: readonly DueEntry[],
  made: ReadonlyMap<string, Made>,
  options: RefreshPullSecretsOptions,
): Promise<RefreshSecretResult> {
  const namespace = secret.metadata.namespace ?? '';
  const name = secret.metadata.name;
  const dueKeys = new Set(dueEntries.map((entry) => entry.registry));
  const fresh: RegistryCredential[] = [];
  const entries: RefreshEntry[] = readCredentialMetadata(secret).map((entry) => {
    const row: RefreshEntry = {
      registry: entry.registry,
      provider: entry.provider,
      outcome: entry.provider === 'static' || !entry.expiresAt ? 'static' : 'fresh',
      ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
    };
    if (!dueKeys.has(entry.registry)) return row;
    const recipe = dueEntries.find((due) => due.registry === entry.registry)!.recipe;
    const result = made.get(recipeKey(recipe))!;
    if ('error' in result) {
      return {
        ...row,
        outcome: 'failed',
        reason: result.error,
        ...(result.hint ? { hint: result.hint } : {}),
      };
    }
    const credential = result.credentials.find(
      (c) => normalizeRegistryKey(c.registry) === normalizeRegistryKey(entry.registry),
    );
    if (!credential) {
      return { ...row, outcome: 'failed', reason: `the ${entry.provider} provider made no login for it` };
    }
    fresh.push(credential);
    return {
      ...row,
      outcome: 'refreshed',
      ...(credential.expiresAt ? { newExpiresAt: formatRfc3339(credential.expiresAt) } : {}),
    };
  });
  const entriesOk = entries.every((entry) => entry.outcome !== 'failed');
  if (fresh.length === 0) {
    return {
      namespace,
      name,
      outcome: entriesOk ? 'unchanged' : 'failed',
      entries,
      ok: entriesOk,
      changes: [],
    };
  }
  const recipes = Object.fromEntries(
    fresh.map((credential) => [
      credential.registry,
      dueEntries.find(
        (due) => normalizeRegistryKey(due.registry) === normalizeRegistryKey(credential.registry),
      )!.recipe,
    ]),
  );
  try {
    const shape = dockerConfigSecret({ name, credentials: fresh, recipes });
    const plan = await writeManaged(
      api,
      shape,
      namespace,
      {
        dryRun: options.dryRun ?? 'none',
        ...(options.conflictRetries === undefined ? {} : { conflictRetries: options.conflictRetries }),
      },
      { object: secret },
    );
    if (plan.outcome === 'refused' || plan.outcome === 'failed') {
      return failedWrite(namespace, name, entries, plan.reason ?? plan.outcome);
    }
    return {
      namespace,
      name,
      outcome: entriesOk ? 'refreshed' : 'failed',
      entries,
      ok: entriesOk,
      changes: plan.changes,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The API server may echo the object it refused: its logins, old and new, must not reach a report.
    return failedWrite(namespace, name, entries, redactText(message, writtenSecrets(secret, fresh)));
  }
}

/** Every form of the logins a write of `secret` with `fresh` in it holds. */
function writtenSecrets(secret: SecretManifest, fresh: readonly RegistryCredential[]): string[] {
  const encoded = secret.data?.[DOCKER_CONFIG_JSON_KEY];
  let held: RegistryCredential[] = [];
  try {
    if (encoded) {
      held = decodeDockerConfig(Buffer.from(encoded, 'base64').toString('utf8'), {
        format: 'dockerconfigjson',
      });
    }
  } catch {
    // Unreadable: it holds no login a report could show in a form of its own.
  }
  return [
    ...dockerConfigSecretForms([...held, ...fresh]),
    ...(encoded ? [encoded] : []),
    ...dockerConfigSecretForms(mergeDockerConfig(held, fresh)),
  ];
}

/** The write failed: nothing was refreshed after all. */
function failedWrite(
  namespace: string,
  name: string,
  entries: RefreshEntry[],
  reason: string,
): RefreshSecretResult {
  const kept = entries.map((entry) => {
    if (entry.outcome !== 'refreshed') return entry;
    const { newExpiresAt: _, ...rest } = entry;
    return { ...rest, outcome: 'failed' as const, reason: `not written: ${reason}` };
  });
  return { namespace, name, outcome: 'failed', entries: kept, reason, ok: false, changes: [] };
}

/** The managed Secrets in the targets: one list per namespace named, or one for all namespaces. */
async function listManaged(api: KubeApi, targets: NamespaceTargets): Promise<SecretManifest[]> {
  const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
  if (targets.allNamespaces && !targets.namespaceSelector && !targets.exclude?.length) {
    return api.listSecrets(undefined, selector);
  }
  const { namespaces } = await resolveNamespaces(api, targets);
  if (targets.allNamespaces || targets.namespaceSelector) {
    const chosen = new Set(namespaces);
    return (await api.listSecrets(undefined, selector)).filter((secret) =>
      chosen.has(secret.metadata.namespace ?? ''),
    );
  }
  const lists = await Promise.all(namespaces.map((namespace) => api.listSecrets(namespace, selector)));
  return lists.flat();
}
