import {
  displayRegistryKey,
  lookup,
  type RegistryCredential,
  registryHost,
} from '@pull-secret/dockerconfigjson';
import { isScalar } from 'yaml';
import { type DiskSource, findDiskSources, formatPath } from './find-disk-sources.js';
import type { InjectNote, InjectNoteCode, InjectNoteLevel } from './inject-note.js';
import { printable } from './printable.js';
import type { ManifestDocument } from './read-manifests.js';
import { parseRegistrySourceUrl } from './registry-source-url.js';
import { setMapValue } from './set-map-value.js';

export interface InjectPullSecretsOptions {
  /** The logins to point disks at; kubelet's lookup picks the one for each image. */
  credentials: readonly RegistryCredential[];
  /** The kubernetes.io/dockerconfigjson Secret (all credentials) a containerDisk's imagePullSecret names. */
  secretName: string;
  /**
   * The Opaque CDI Secret a registry source's secretRef names. CDI reads one registry's login from it,
   * so with several credentials each gets its own: this name, then `-` and its registry's host.
   */
  cdiSecretName: string;
  /** The CA ConfigMap a registry source's certConfigMap names; only when a CA is given. */
  caConfigMapName?: string;
  /** Replace a reference that names another Secret or ConfigMap (otherwise kept, and noted). */
  overwrite?: boolean;
  /** The namespace of documents that name none (the front end's -n); undefined: the context's. */
  namespace?: string;
  /**
   * dockerconfigjson Secrets the caller knows of; a secretRef naming one is warned about. secretName and
   * the dockerconfigjson Secrets among the documents are always known.
   */
  dockerConfigSecretNames?: readonly string[];
}

/** What the patched documents of one namespace name, and so what must exist there. */
export interface NamespaceReferences {
  /** undefined: the documents name no namespace (kubectl applies them to the context's). */
  namespace: string | undefined;
  /** The dockerconfigjson Secret is named by some containerDisk or kernel boot container. */
  dockerConfigSecret: boolean;
  /** The CDI Secrets named by some secretRef, each with the one login it holds. */
  cdiSecrets: { name: string; credential: RegistryCredential }[];
  /** The CA ConfigMap is named by some certConfigMap. */
  caConfigMap: boolean;
}

export interface InjectPullSecretsResult {
  /** The same documents, changed in place. */
  documents: ManifestDocument[];
  notes: InjectNote[];
  references: NamespaceReferences[];
  /** Whether any document changed. */
  changed: boolean;
}

/**
 * Points every disk image in the manifests at the pull Secrets for its registry, editing the YAML in
 * place so that comments, key order and quoting stay: a containerDisk's or kernel boot container's
 * `imagePullSecret` names the dockerconfigjson Secret when kubelet's lookup would pick one of the
 * credentials for its image; a CDI registry source's `secretRef` names the CDI Secret of the credential
 * its `docker://` URL's registry matches (and `certConfigMap` the CA ConfigMap, when there is a CA). A
 * reference to something else is kept unless `overwrite`. Every place gets a note, and every manifest
 * that will not pull as written a warning with its fix.
 */
export function injectPullSecrets(
  documents: ManifestDocument[],
  options: InjectPullSecretsOptions,
): InjectPullSecretsResult {
  const notes: InjectNote[] = [];
  const references = new Map<string | undefined, NamespaceReferences>();
  const knownDockerConfig = new Set([
    options.secretName,
    ...(options.dockerConfigSecretNames ?? []),
    ...dockerConfigSecretsIn(documents),
  ]);
  const cdiNames = cdiSecretNames(options);
  let changed = false;

  for (const manifest of documents) {
    if (manifest.empty) continue;
    const { document } = manifest;
    const kind = String(document.get('kind'));
    const name = stringAt(document.getIn(['metadata', 'name'])) ?? '';
    const namespace = stringAt(document.getIn(['metadata', 'namespace'])) ?? options.namespace;
    const refs = () => {
      let entry = references.get(namespace);
      if (!entry) {
        entry = { namespace, dockerConfigSecret: false, cdiSecrets: [], caConfigMap: false };
        references.set(namespace, entry);
      }
      return entry;
    };
    const note = (
      level: InjectNoteLevel,
      code: InjectNoteCode,
      path: readonly (string | number)[],
      message: string,
      fix?: string,
    ) => {
      notes.push({
        level,
        code,
        source: manifest.source,
        document: manifest.index,
        kind: printable(kind),
        name: printable(name),
        path: formatPath(path),
        message,
        ...(fix === undefined ? {} : { fix }),
      });
    };
    /** Sets `key` to `value` unless another value is there and overwrite is off; true when it now names ours. */
    const reference = (
      source: DiskSource,
      key: string,
      value: string,
      code: InjectNoteCode,
      what: string,
    ): boolean => {
      const path = [...source.path, key];
      const existing = stringAt(source.map.get(key));
      if (existing === value) {
        note('unchanged', code, path, `already names ${what} ${value}.`);
        return true;
      }
      if (existing !== undefined && existing !== '' && !options.overwrite) {
        note(
          'kept',
          code,
          path,
          `names ${printable(existing)}, kept (${what} ${value} has the login for this image).`,
          `Pass {{overwrite}} to name ${value} instead, or make sure ${printable(existing)} holds a working login.`,
        );
        return false;
      }
      setMapValue(manifest, source.map, key, value);
      changed = true;
      if (existing) note('overwritten', code, path, `named ${printable(existing)}, now ${what} ${value}.`);
      else note('set', code, path, `set to ${what} ${value}.`);
      return true;
    };

    const { sources, misnested } = findDiskSources(document, kind);
    for (const wrong of misnested) {
      const spec = formatPath([...wrong.path, 'spec']);
      const reads = wrong.of === 'vmi' ? 'the VirtualMachineInstance spec' : 'the DataVolume spec';
      note(
        'warning',
        'TEMPLATE_MISNESTED',
        wrong.path,
        wrong.strayKeys.length > 0
          ? `has ${wrong.strayKeys.join(' and ')} directly under it, but ${reads} is read from ${spec}; they are dropped or refused.`
          : `has no spec, so it holds no ${wrong.of === 'vmi' ? 'disks' : 'import source'}.`,
        wrong.strayKeys.length > 0
          ? `Move ${wrong.strayKeys.join(' and ')} one level down, under ${spec}.`
          : `Put ${reads} under ${spec}.`,
      );
    }

    for (const source of sources) {
      if (source.type === 'registry') {
        registrySource(source);
        continue;
      }
      const image = stringAt(source.map.get('image'));
      if (image === undefined || image === '') continue;
      const credential = pick(image);
      const imagePath = [...source.path, 'image'];
      if (!credential) {
        note(
          'skipped',
          'NO_MATCHING_CREDENTIAL',
          imagePath,
          `${printable(image)}: kubelet would use none of the logins given (${keys()}) for it, so it is left alone.`,
          'Give a login for its registry, or leave it if it is public.',
        );
        continue;
      }
      if (reference(source, 'imagePullSecret', options.secretName, 'IMAGE_PULL_SECRET', 'Secret')) {
        refs().dockerConfigSecret = true;
      }
    }

    function registrySource(source: DiskSource): void {
      const url = stringAt(source.map.get('url'));
      const imageStream = stringAt(source.map.get('imageStream'));
      const pullMethod = stringAt(source.map.get('pullMethod'));
      if (url !== undefined && imageStream !== undefined) {
        note(
          'warning',
          'URL_AND_IMAGE_STREAM',
          source.path,
          'sets both url and imageStream, and CDI refuses a registry source with both.',
          'Keep one: url for a registry image, imageStream (with pullMethod: node) for an OpenShift image stream.',
        );
      }
      if (imageStream !== undefined && pullMethod !== 'node') {
        note(
          'warning',
          'IMAGE_STREAM_WITHOUT_NODE_PULL',
          [...source.path, 'imageStream'],
          'an imageStream is imported only with pullMethod: node, which this source does not set.',
          'Add pullMethod: node next to imageStream.',
        );
      }
      if (url === undefined || url === '') return;
      const parsed = parseRegistrySourceUrl(url);
      const urlPath = [...source.path, 'url'];
      if (parsed.scheme === undefined) {
        note(
          'warning',
          'REGISTRY_URL_NO_SCHEME',
          urlPath,
          `${printable(url)} has no docker:// or oci-archive:// prefix, and CDI refuses it.`,
          `Write url: docker://${printable(url)}.`,
        );
      } else if (parsed.scheme === 'oci-archive') {
        note(
          'skipped',
          'NO_REGISTRY_LOGIN',
          urlPath,
          `${printable(url)} is an archive, not a registry pull: no login is used.`,
        );
        return;
      }
      const credential = pick(parsed.image);
      if (pullMethod === 'node') {
        const secret = credential ? options.secretName : 'a dockerconfigjson pull Secret';
        note(
          'warning',
          'PULL_METHOD_NODE',
          [...source.path, 'pullMethod'],
          'pullMethod: node makes the node (kubelet) pull the image, so secretRef is not used: the node’s own registry credentials or the Secrets in the CDI resource’s spec.config.imagePullSecrets apply.',
          `Name ${secret} in spec.config.imagePullSecrets (kubectl patch cdi cdi --type merge -p '{"spec":{"config":{"imagePullSecrets":[{"name":"${credential ? options.secretName : 'NAME'}"}]}}}'), or drop pullMethod: node to import with secretRef.`,
        );
        return;
      }
      const existing = stringAt(source.map.get('secretRef'));
      if (!credential) {
        note(
          'skipped',
          'NO_MATCHING_CREDENTIAL',
          urlPath,
          `${printable(url)}: none of the logins given (${keys()}) is for its registry, so it is left alone.`,
          'Give a login for its registry, or leave it if it is public.',
        );
        if (existing !== undefined) dockerConfigRef(existing, undefined);
        return;
      }
      const cdiName = cdiNames.get(credential)!;
      if (existing !== undefined && existing !== cdiName && !options.overwrite)
        dockerConfigRef(existing, cdiName);
      if (reference(source, 'secretRef', cdiName, 'SECRET_REF', 'CDI Secret')) {
        const entry = refs();
        if (!entry.cdiSecrets.some((cdi) => cdi.name === cdiName))
          entry.cdiSecrets.push({ name: cdiName, credential });
      }
      if (options.caConfigMapName !== undefined) {
        if (reference(source, 'certConfigMap', options.caConfigMapName, 'CERT_CONFIG_MAP', 'ConfigMap')) {
          refs().caConfigMap = true;
        }
      }

      function dockerConfigRef(existingRef: string, ours: string | undefined): void {
        if (!knownDockerConfig.has(existingRef)) return;
        note(
          'warning',
          'SECRET_REF_IS_DOCKER_CONFIG',
          [...source.path, 'secretRef'],
          `names ${printable(existingRef)}, a kubernetes.io/dockerconfigjson Secret, but CDI reads only accessKeyId and secretKey from an Opaque Secret.`,
          ours
            ? `Pass {{overwrite}} to name the CDI Secret ${ours} instead.`
            : 'Name an Opaque Secret with accessKeyId and secretKey (pull-secret makes one for CDI).',
        );
      }
    }
  }
  return { documents, notes, references: [...references.values()], changed };

  function pick(image: string): RegistryCredential | undefined {
    const [match] = lookup([{ source: 'credentials', credentials: options.credentials }], image).matches;
    if (!match) return undefined;
    return options.credentials.find(
      (c) => c.registry === match.registry && c.username === match.username && c.password === match.password,
    );
  }

  function keys(): string {
    return options.credentials.map((c) => displayRegistryKey(c.registry)).join(', ') || 'none';
  }
}

/** Each credential's CDI Secret name: the one name for one login, else the name and its registry's host. */
function cdiSecretNames(options: InjectPullSecretsOptions): Map<RegistryCredential, string> {
  const names = new Map<RegistryCredential, string>();
  const single = options.credentials.length === 1;
  for (const credential of options.credentials) {
    if (single) {
      names.set(credential, options.cdiSecretName);
      continue;
    }
    const host = registryHost(credential.registry)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const base = `${options.cdiSecretName}-${host}`.slice(0, 253).replace(/-+$/, '');
    let name = base;
    for (let n = 2; [...names.values()].includes(name); n++) name = `${base.slice(0, 248)}-${n}`;
    names.set(credential, name);
  }
  return names;
}

/** The kubernetes.io/dockerconfigjson Secrets among the documents. */
function dockerConfigSecretsIn(documents: readonly ManifestDocument[]): string[] {
  return documents.flatMap(({ document, empty }) => {
    if (empty || document.get('kind') !== 'Secret') return [];
    if (document.get('type') !== 'kubernetes.io/dockerconfigjson') return [];
    const name = stringAt(document.getIn(['metadata', 'name']));
    return name ? [name] : [];
  });
}

function stringAt(value: unknown): string | undefined {
  if (isScalar(value)) return stringAt(value.value);
  return typeof value === 'string' ? value : undefined;
}
