import {
  type CredentialRecipe,
  DOCKER_HUB_KEY,
  decodeDockerConfig,
  displayRegistryKey,
  mergeDockerConfig,
  normalizeRegistryKey,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import {
  CREDENTIALS_ANNOTATION,
  DOCKER_CONFIG_JSON_KEY,
  EXPIRES_AT_ANNOTATION,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
  SECRET_TYPE,
} from './conventions.js';
import { type CredentialMetadata, readCredentialMetadata } from './credential-metadata.js';
import { labelChanges, type ManagedShape, type ShapeFailure, type ShapeWrite } from './managed-shape.js';
import type { SecretManifest } from './manifest-types.js';
import { pullSecretManifest } from './pull-secret-manifest.js';

export interface DockerConfigSecretInit {
  name: string;
  credentials: readonly RegistryCredential[];
  /** The provider of every credential `recipes` does not name. Default `static`. */
  provider?: string;
  /** How each credential was made, by `credential.registry`. */
  recipes?: Readonly<Record<string, CredentialRecipe>>;
  /** Drop the entries of other registries instead of keeping them. */
  replace?: boolean;
}

/**
 * The `kubernetes.io/dockerconfigjson` pull Secret, merged per registry: the entries of other
 * registries stay (unless `replace`) with their provider, recipe and expiry; the written ones get
 * this write's.
 */
export function dockerConfigSecret(init: DockerConfigSecretInit): ManagedShape<SecretManifest> {
  const build = (extra: Partial<Parameters<typeof pullSecretManifest>[0]>) =>
    pullSecretManifest({
      name: init.name,
      credentials: init.credentials,
      ...(init.provider ? { provider: init.provider } : {}),
      ...(init.recipes ? { recipes: init.recipes } : {}),
      ...extra,
    });
  // The Secret these credentials alone make is the same in every namespace: encoded once per apply,
  // not once per namespace.
  let fresh: SecretManifest | undefined;
  const manifest = (namespace: string, extra?: Partial<Parameters<typeof pullSecretManifest>[0]>) => {
    if (extra) return build({ namespace, ...extra });
    fresh ??= build({});
    const { name, labels, annotations } = fresh.metadata;
    return {
      ...fresh,
      metadata: { name, namespace, labels: { ...labels }, annotations: { ...annotations } },
      data: { ...fresh.data },
    };
  };
  return {
    resource: 'secrets',
    name: init.name,
    takeOverNote: 'its other registries are kept',
    create(namespace) {
      const fresh = manifest(namespace);
      return {
        desired: fresh,
        changes: init.credentials.map((c) => `+ registry ${displayRegistryKey(c.registry)}`),
        items: registriesOf(fresh),
      };
    },
    incompatible(existing) {
      return existing.type === SECRET_TYPE
        ? undefined
        : `secret "${init.name}" exists with type ${existing.type ?? 'Opaque'}, and a Secret's type cannot change; delete it or choose another name`;
    },
    update(namespace, existing) {
      return mergeInto(init, namespace, existing, manifest);
    },
  };
}

function mergeInto(
  init: DockerConfigSecretInit,
  namespace: string,
  existing: SecretManifest,
  manifest: (namespace: string, extra?: Partial<Parameters<typeof pullSecretManifest>[0]>) => SecretManifest,
): ShapeWrite<SecretManifest> | ShapeFailure {
  const previous = new Map(
    readCredentialMetadata(existing).map(({ registry, ...entry }) => [registry, entry]),
  );
  const keyOf = (credential: RegistryCredential) => credential.registry || DOCKER_HUB_KEY;
  const written = new Set(init.credentials.map((c) => normalizeRegistryKey(keyOf(c))));
  // Entries this write does not touch keep what the Secret says about them; one it does not describe
  // (a Secret made by hand and taken over) is a static login as far as anyone knows.
  const kept = (credential: RegistryCredential): CredentialMetadata | undefined =>
    written.has(normalizeRegistryKey(keyOf(credential)))
      ? undefined
      : (previous.get(displayRegistryKey(keyOf(credential))) ?? { provider: 'static' });
  const fresh = manifest(namespace);
  const encoded = existing.data?.[DOCKER_CONFIG_JSON_KEY];
  // The usual re-run: the stored payload is byte for byte what these credentials encode to, so it holds
  // exactly them, and decoding, merging and encoding again would give `fresh` back.
  const sameEntries = encoded !== undefined && encoded === fresh.data?.[DOCKER_CONFIG_JSON_KEY];
  let current: RegistryCredential[] = sameEntries ? [...init.credentials] : [];
  if (encoded && !sameEntries) {
    try {
      current = decodeDockerConfig(Buffer.from(encoded, 'base64').toString('utf8'), {
        format: 'dockerconfigjson',
      });
    } catch (error) {
      if (!init.replace) {
        return {
          failed: `the existing secret's .dockerconfigjson cannot be read (${(error as Error).message})`,
          hint: 'pass {{replace}} to overwrite it',
        };
      }
    }
  }
  const credentials =
    init.replace || sameEntries ? [...init.credentials] : mergeDockerConfig(current, init.credentials);
  const merged = sameEntries ? fresh : manifest(namespace, { credentials, kept });
  const annotations = { ...existing.metadata.annotations };
  // Expiry describes what the Secret holds now; a stale one would send refreshers to the wrong time.
  delete annotations[EXPIRES_AT_ANNOTATION];
  const desired: SecretManifest = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...existing.metadata.labels, ...merged.metadata.labels },
      annotations: { ...annotations, ...merged.metadata.annotations },
    },
    data: { ...existing.data, ...merged.data },
  };
  return {
    desired,
    changes: describeChanges(existing, desired, current, credentials),
    items: registriesOf(merged),
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
  changes.push(...labelChanges(before.metadata, after.metadata));
  const annotationLines: string[] = [];
  for (const key of [REGISTRIES_ANNOTATION, PROVIDER_ANNOTATION, EXPIRES_AT_ANNOTATION]) {
    const was = before.metadata.annotations?.[key];
    const now = after.metadata.annotations?.[key];
    // A key written with user info (`https://user:token@host`) must not reach the diff.
    const shown = (value: string | undefined) =>
      value === undefined ? '(none)' : value.split(',').map(displayRegistryKey).join(',');
    if (was !== now) annotationLines.push(`~ annotation ${key}: ${shown(was)} → ${shown(now)}`);
  }
  // The per-registry record changes with the lines above; said on its own only when it alone changed
  // (an option of a recipe, the expiry of an entry that is not the earliest, a first write of it).
  if (
    annotationLines.length === 0 &&
    before.metadata.annotations?.[CREDENTIALS_ANNOTATION] !==
      after.metadata.annotations?.[CREDENTIALS_ANNOTATION]
  ) {
    annotationLines.push(`~ annotation ${CREDENTIALS_ANNOTATION}: ${changedRegistries(before, after)}`);
  }
  return [...changes, ...annotationLines];
}

/** Which registries' recorded provider, options or expiry changed, for the diff. */
function changedRegistries(before: SecretManifest, after: SecretManifest): string {
  if (before.metadata.annotations?.[CREDENTIALS_ANNOTATION] === undefined) return '(none) → added';
  const was = new Map(readCredentialMetadata(before).map((entry) => [entry.registry, JSON.stringify(entry)]));
  const changed = readCredentialMetadata(after)
    .filter((entry) => was.get(entry.registry) !== JSON.stringify(entry))
    .map((entry) => entry.registry);
  return `changed for ${changed.join(',') || 'the same registries'}`;
}

function registriesOf(secret: SecretManifest): string[] {
  const list = secret.metadata.annotations?.[REGISTRIES_ANNOTATION];
  return list ? list.split(',') : [];
}
