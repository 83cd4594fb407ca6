import {
  type CredentialSource,
  decodeDockerConfig,
  InvalidInputError,
  isPlainObject,
  MAX_NESTING_DEPTH,
  nestsDeeperThan,
  parseJsonObject,
} from '@pull-secret/dockerconfigjson';
import { parseAllDocuments } from 'yaml';
import { DOCKER_CONFIG_JSON_KEY, DOCKERCFG_KEY, LEGACY_SECRET_TYPE, SECRET_TYPE } from './conventions.js';

export interface ReadCredentialSourcesOptions {
  /**
   * Treat Secrets kubelet would not use (another type, no data) as empty sources with a reason, the
   * way kubelet skips them, instead of failing. For reading `kubectl get secrets -o yaml` output.
   */
  skipUnusable?: boolean;
}

/** A source read from a file; `ignored` says why kubelet would not use it. */
export interface CredentialFileSource extends CredentialSource {
  ignored?: string;
}

/** A well-formed Secret that kubelet would not use for pulling; `reason` says why, without the location. */
class UnusableSecret extends InvalidInputError {
  constructor(
    readonly source: string,
    where: string,
    readonly reason: string,
  ) {
    super('SECRET_NOT_FOR_PULLING', `${where} ${reason}`, { hint: HINT });
  }
}

const HINT =
  'Pass a Secret manifest of type kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg, a .dockerconfigjson file or a legacy .dockercfg file.';

/**
 * The registry credentials in a file, whatever its shape: Secret manifests (YAML or JSON, one or many
 * documents, `List`s, either pull-secret type, `data` or `stringData`), a `.dockerconfigjson` or a
 * legacy `.dockercfg`. One source per Secret (or one for a plain config), in file order. `fileName`
 * names the sources; errors name the file and document, never a secret.
 */
export function readCredentialSources(
  text: string,
  fileName: string,
  options: ReadCredentialSourcesOptions = {},
): CredentialFileSource[] {
  const documents = parseDocuments(text, fileName);
  const sources: CredentialFileSource[] = [];
  documents.forEach((document, index) => {
    const where = documents.length > 1 ? `${fileName} (document ${index + 1})` : fileName;
    for (const object of flattenLists(document)) {
      try {
        sources.push(readObject(object, where, fileName));
      } catch (error) {
        if (!(options.skipUnusable && error instanceof UnusableSecret)) throw error;
        sources.push({ source: error.source, credentials: [], ignored: error.reason });
      }
    }
  });
  if (sources.length === 0) {
    throw new InvalidInputError('CREDENTIALS_FILE_EMPTY', `${fileName} holds no documents.`, { hint: HINT });
  }
  return sources;
}

/** yaml's own default: enough for anchors in hand-written manifests, far too few for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

function parseDocuments(text: string, fileName: string): Record<string, unknown>[] {
  if (/^\s*\{/.test(text)) return [parseJsonObject(text, fileName)];
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const objects: Record<string, unknown>[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      // The parser's own message quotes the offending line, which may hold a secret: give the position only.
      const at = error.linePos?.[0];
      throw new InvalidInputError(
        'YAML_INVALID',
        `${fileName} is not valid YAML or JSON${at ? ` (line ${at.line}, column ${at.col})` : ''}.`,
        { hint: HINT },
      );
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      // yaml refuses an alias that expands past maxAliasCount nodes (a "billion laughs" file).
      throw new InvalidInputError(
        'YAML_INVALID',
        `${fileName} expands YAML aliases into too much data (more than ${MAX_ALIAS_COUNT} aliases' worth).`,
        { hint: HINT },
      );
    }
    if (nestsDeeperThan(value)) {
      throw new InvalidInputError(
        'INPUT_TOO_DEEP',
        `${fileName} nests objects or arrays more than ${MAX_NESTING_DEPTH} levels deep.`,
        { hint: HINT },
      );
    }
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value)) {
      throw new InvalidInputError(
        'CREDENTIALS_FILE_INVALID',
        `${fileName} holds a document that is not an object.`,
        {
          hint: HINT,
        },
      );
    }
    objects.push(value);
  }
  return objects;
}

function flattenLists(object: Record<string, unknown>): Record<string, unknown>[] {
  if (object.kind === 'List' && Array.isArray(object.items)) {
    return object.items.filter(isPlainObject).flatMap(flattenLists);
  }
  return [object];
}

function readObject(object: Record<string, unknown>, where: string, fileName: string): CredentialSource {
  if (object.kind !== 'Secret') {
    // Not a manifest: a bare .dockerconfigjson or .dockercfg.
    if (object.kind !== undefined && object.apiVersion !== undefined) {
      throw new InvalidInputError(
        'CREDENTIALS_FILE_INVALID',
        `${where} is a ${String(object.kind)}, not a Secret.`,
        {
          hint: HINT,
        },
      );
    }
    return {
      source: fileName,
      credentials: located(fileName, () => decodeDockerConfig(JSON.stringify(object))),
    };
  }
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  const namespace = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  const source = `secret/${namespace}${name}`;
  const type = object.type;
  const key =
    type === SECRET_TYPE ? DOCKER_CONFIG_JSON_KEY : type === LEGACY_SECRET_TYPE ? DOCKERCFG_KEY : undefined;
  if (key === undefined) {
    throw new UnusableSecret(
      source,
      `${where}: Secret "${name}"`,
      `has type "${String(type ?? 'Opaque')}", which kubelet does not use for pulling images.`,
    );
  }
  const text = secretValue(object, key, `${where}: Secret "${name}"`, source);
  const format = key === DOCKER_CONFIG_JSON_KEY ? 'dockerconfigjson' : 'dockercfg';
  return {
    source,
    credentials: located(`${where}: Secret "${name}"`, () => decodeDockerConfig(text, { format })),
  };
}

// stringData wins over data, as the API server merges it.
function secretValue(object: Record<string, unknown>, key: string, where: string, source: string): string {
  const stringData = isPlainObject(object.stringData) ? object.stringData : {};
  if (typeof stringData[key] === 'string') return stringData[key];
  const data = isPlainObject(object.data) ? object.data : {};
  const encoded = data[key];
  if (typeof encoded !== 'string' || encoded.length === 0) {
    throw new UnusableSecret(source, where, `has no "${key}" in its data.`);
  }
  const compact = encoded.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new InvalidInputError('SECRET_DATA_NOT_BASE64', `${where}: data "${key}" is not valid base64.`, {
      hint: 'Values under data must be base64; use stringData for plain text.',
    });
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** Runs a decode and puts the file and Secret in front of its error, which names only the registry. */
function located<T>(where: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // The templates, not the worded text, so each front end still words the options its way.
    throw new InvalidInputError(error.code, `${where}: ${error.template.message}`, {
      ...(error.template.hint === undefined ? {} : { hint: error.template.hint }),
      fields: error.fields,
    });
  }
}
