import { displayRegistryKey, lookup, type RegistryCredential } from '@pull-secret/dockerconfigjson';
import { cdiSecretNames } from './cdi-secret-names.js';
import { type DiskSource, formatPath, type YamlPath } from './find-disk-sources.js';
import type { InjectNote, InjectNoteCode, InjectNoteLevel } from './inject-note.js';
import type { InjectPullSecretsOptions, NamespaceReferences } from './inject-options.js';
import { printable } from './printable.js';
import type { ManifestDocument } from './read-manifests.js';
import { setMapValue } from './set-map-value.js';
import { stringAt } from './yaml-string.js';

/** What one run of injectPullSecrets gathers across documents. */
export interface InjectRun {
  readonly options: InjectPullSecretsOptions;
  readonly notes: InjectNote[];
  readonly references: Map<string | undefined, NamespaceReferences>;
  changed: boolean;
  /** The credential kubelet's lookup picks first for `image`, if any. */
  pick(image: string): RegistryCredential | undefined;
  /** The CDI Secret holding `credential`. */
  cdiSecretName(credential: RegistryCredential): string;
  /** The logins given, as notes name them (user info hidden). */
  readonly loginKeys: string;
  /** Names of Secrets known to be kubernetes.io/dockerconfigjson. */
  readonly dockerConfigSecrets: ReadonlySet<string>;
}

/** What the code handling one document uses: its notes, references and needs. */
export interface DocumentContext {
  readonly run: InjectRun;
  note(level: InjectNoteLevel, code: InjectNoteCode, path: YamlPath, message: string, fix?: string): void;
  /**
   * Sets `key` of the source's map to `value` unless another value is there and overwrite is off (then
   * kept, and noted); true when the key names `value` afterwards.
   */
  reference(source: DiskSource, key: string, value: string, code: InjectNoteCode, what: string): boolean;
  /** What the document's namespace must hold for the references set so far. */
  needs(): NamespaceReferences;
}

export function startInjectRun(
  documents: readonly ManifestDocument[],
  options: InjectPullSecretsOptions,
): InjectRun {
  const cdiNames = cdiSecretNames(options.credentials, options.cdiSecretName);
  const sources = [{ source: 'credentials', credentials: options.credentials }];
  return {
    options,
    notes: [],
    references: new Map(),
    changed: false,
    pick(image) {
      const [match] = lookup(sources, image).matches;
      if (!match) return undefined;
      return options.credentials.find(
        (c) =>
          c.registry === match.registry && c.username === match.username && c.password === match.password,
      );
    },
    cdiSecretName: (credential) => cdiNames.get(credential)!,
    loginKeys: options.credentials.map((c) => displayRegistryKey(c.registry)).join(', ') || 'none',
    dockerConfigSecrets: new Set([
      options.secretName,
      ...(options.dockerConfigSecretNames ?? []),
      ...dockerConfigSecretsIn(documents),
    ]),
  };
}

export function documentContext(run: InjectRun, manifest: ManifestDocument): DocumentContext {
  const { document } = manifest;
  const kind = printable(String(document.get('kind')));
  const name = printable(stringAt(document.getIn(['metadata', 'name'])) ?? '');
  const namespace = stringAt(document.getIn(['metadata', 'namespace'])) ?? run.options.namespace;
  const context: DocumentContext = {
    run,
    note(level, code, path, message, fix) {
      run.notes.push({
        level,
        code,
        source: manifest.source,
        document: manifest.index,
        kind,
        name,
        path: formatPath(path),
        message,
        ...(fix === undefined ? {} : { fix }),
      });
    },
    reference(source, key, value, code, what) {
      const path = [...source.path, key];
      const existing = stringAt(source.map.get(key));
      if (existing === value) {
        context.note('unchanged', code, path, `already names ${what} ${value}.`);
        return true;
      }
      if (existing !== undefined && existing !== '' && !run.options.overwrite) {
        context.note(
          'kept',
          code,
          path,
          `names ${printable(existing)}, kept (${what} ${value} has the login for this image).`,
          `Pass {{overwrite}} to name ${value} instead, or make sure ${printable(existing)} holds a working login.`,
        );
        return false;
      }
      setMapValue(manifest, source.map, key, value);
      run.changed = true;
      if (existing)
        context.note('overwritten', code, path, `named ${printable(existing)}, now ${what} ${value}.`);
      else context.note('set', code, path, `set to ${what} ${value}.`);
      return true;
    },
    needs() {
      let entry = run.references.get(namespace);
      if (!entry) {
        entry = {
          namespace,
          dockerConfigSecret: false,
          cdiSecrets: [],
          caConfigMap: false,
          caRegistries: [],
        };
        run.references.set(namespace, entry);
      }
      return entry;
    },
  };
  return context;
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
