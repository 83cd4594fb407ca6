import {
  type CredentialRecipe,
  DOCKER_HUB_KEY,
  displayRegistryKey,
  isPlainObject,
  type RegistryCredential,
  registryKeys,
} from '@pull-secret/dockerconfigjson';
import {
  CREDENTIALS_ANNOTATION,
  EXPIRES_AT_ANNOTATION,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
} from './conventions.js';
import type { ObjectMeta } from './manifest-types.js';

/** What a managed Secret records about one registry key: never a secret. */
export interface CredentialMetadata {
  /** `static`, or the provider plugin that made the login. */
  provider: string;
  /** The provider's non-secret option values (region, role ARN...), when there are any. */
  options?: Readonly<Record<string, string>>;
  /** RFC 3339, when the login expires. */
  expiresAt?: string;
  /**
   * RFC 3339, when the login was made: with `expiresAt`, its lifetime, so that a refresh can act at a
   * share of it. Recorded when the login's maker gives it (the provider resolver does); older entries
   * have none.
   */
  issuedAt?: string;
}

export interface RegistryMetadata extends CredentialMetadata {
  /** The registry key as the annotations show it (user info as `https://***@host`). */
  registry: string;
}

/**
 * Per registry key of a managed Secret, in key order: its provider, recipe options and expiry. Reads
 * `pull-secret.dev/credentials`; a key it does not describe (a Secret written before it existed, or
 * edited by hand) takes, in a Secret of that one key, the Secret-wide `pull-secret.dev/provider` (when
 * it names one provider) and `pull-secret.dev/expires-at`; otherwise it is `static`, without expiry,
 * until it is written again. Pure: it reads annotations only.
 */
export function readCredentialMetadata(secret: { metadata: ObjectMeta }): RegistryMetadata[] {
  const annotations = secret.metadata.annotations ?? {};
  const recorded = parseRecorded(annotations[CREDENTIALS_ANNOTATION]);
  const listed = annotations[REGISTRIES_ANNOTATION]?.split(',').filter(Boolean);
  const keys = listed ?? [...recorded.keys()];
  // The Secret-wide annotations of the previous release described its last write only: they are
  // trusted for a Secret of one registry, and for several they cannot say which key they mean.
  const legacyProvider = annotations[PROVIDER_ANNOTATION]?.trim();
  const onlyKey = keys.length === 1;
  const legacy: CredentialMetadata = {
    provider: onlyKey && legacyProvider && !legacyProvider.includes(',') ? legacyProvider : 'static',
  };
  const legacyExpiry = annotations[EXPIRES_AT_ANNOTATION];
  if (onlyKey && legacyExpiry && isTimestamp(legacyExpiry)) legacy.expiresAt = legacyExpiry;
  return keys.map((registry) => ({ registry, ...(recorded.get(registry) ?? legacy) }));
}

/** Invalid JSON or entries are ignored, so a hand-edited annotation falls back to the legacy rule. */
function parseRecorded(text: string | undefined): Map<string, CredentialMetadata> {
  const entries = new Map<string, CredentialMetadata>();
  if (!text) return entries;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return entries;
  }
  if (!isPlainObject(parsed)) return entries;
  for (const [registry, value] of Object.entries(parsed)) {
    if (!isPlainObject(value) || typeof value.provider !== 'string' || value.provider === '') continue;
    const entry: CredentialMetadata = { provider: value.provider };
    if (isPlainObject(value.options)) {
      const options = Object.entries(value.options).filter(([, v]) => typeof v === 'string');
      if (options.length > 0) entry.options = Object.fromEntries(options) as Record<string, string>;
    }
    if (typeof value.expiresAt === 'string' && isTimestamp(value.expiresAt))
      entry.expiresAt = value.expiresAt;
    if (entry.expiresAt && typeof value.issuedAt === 'string' && isTimestamp(value.issuedAt))
      entry.issuedAt = value.issuedAt;
    entries.set(registry, entry);
  }
  return entries;
}

function isTimestamp(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(Date.parse(text));
}

/** Metadata for credentials this write puts in: their recipe (or `{ provider }`) and their expiry. */
export function freshMetadata(
  credential: RegistryCredential,
  recipe: CredentialRecipe | undefined,
  provider: string,
): CredentialMetadata {
  const entry: CredentialMetadata = { provider: recipe?.provider || provider };
  const options = Object.entries(recipe?.options ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (options.length > 0) entry.options = Object.fromEntries(options);
  if (credential.expiresAt) {
    entry.expiresAt = formatRfc3339(credential.expiresAt);
    if (credential.issuedAt) entry.issuedAt = formatRfc3339(credential.issuedAt);
  }
  return entry;
}

/**
 * The annotations that describe `credentials`: the key list, the distinct providers, the
 * per-registry JSON and the earliest expiry (absent when nothing expires). `metadataOf` gives each
 * credential's entry.
 */
export function credentialAnnotations(
  credentials: readonly RegistryCredential[],
  metadataOf: (credential: RegistryCredential) => CredentialMetadata,
  /** The provider annotation of a Secret with no credentials. */
  emptyProvider = 'static',
): Record<string, string> {
  const byKey = new Map(credentials.map((c) => [c.registry || DOCKER_HUB_KEY, c]));
  const keys = registryKeys(credentials);
  const recorded: Record<string, CredentialMetadata> = {};
  const providers: string[] = [];
  let earliest: string | undefined;
  for (const key of keys) {
    const { provider, options, expiresAt, issuedAt } = metadataOf(byKey.get(key)!);
    // Fields in a fixed order, so the same facts always give the same bytes (and no needless write).
    recorded[displayRegistryKey(key)] = {
      provider,
      ...(options && Object.keys(options).length > 0 ? { options } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(expiresAt && issuedAt ? { issuedAt } : {}),
    };
    if (!providers.includes(provider)) providers.push(provider);
    if (expiresAt && (!earliest || Date.parse(expiresAt) < Date.parse(earliest))) earliest = expiresAt;
  }
  return {
    [REGISTRIES_ANNOTATION]: keys.map(displayRegistryKey).join(','),
    [PROVIDER_ANNOTATION]: providers.join(',') || emptyProvider,
    [CREDENTIALS_ANNOTATION]: JSON.stringify(recorded),
    ...(earliest ? { [EXPIRES_AT_ANNOTATION]: earliest } : {}),
  };
}

/** RFC 3339 in UTC with whole seconds, as Kubernetes writes timestamps. */
export function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
