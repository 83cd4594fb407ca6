import type { IncomingHttpHeaders } from 'node:http';
import {
  API_GROUP_LIST,
  apiGroup,
  apiVersions,
  CORE_V1_RESOURCES,
  groupResources,
  resourcesOf,
  VERSION_INFO,
} from './discovery.js';
import { parseFieldSelector } from './field-selector.js';
import { cloneJson, isObject, type JsonObject, jsonEqual } from './json.js';
import { applyJsonPatch } from './json-patch.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';
import { applyMergePatch } from './merge-patch.js';
import { isTerminating, type NamespaceControllers } from './namespace-controllers.js';
import type { ObjectStore } from './object-store.js';
import { OPENAPI_V3_DISCOVERY, OPENAPI_V3_DOCUMENTS } from './openapi.js';
import { decodeKubeProtobuf } from './protobuf.js';
import { authorize, type User, type Verb } from './rbac.js';
import type { KubeObject, ResourceDefinition } from './resource-definition.js';
import { decodeBody, prepareObject, validateObject } from './resources.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  deletedStatus,
  forbidden,
  methodNotAllowed,
  notFound,
  pathNotFound,
  unsupportedMediaType,
} from './status.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { type IncludeObject, toTable } from './table.js';
import { tooLargeResourceVersion, type WatchSpec } from './watch.js';
import type { WatchHistory } from './watch-history.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  user: User;
}

export interface ApiResponse {
  code: number;
  body: unknown;
  headers?: Record<string, string | string[]>;
  /** Set instead of a body when the request is a watch: the server streams it. */
  watch?: WatchSpec;
}

type Route =
  | { type: 'document'; body: unknown }
  | { type: 'collection'; resource: ResourceDefinition; namespace?: string }
  | { type: 'item'; resource: ResourceDefinition; namespace?: string; name: string };

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
const ITEM_VERBS = new Map<string, Verb>([
  ['GET', 'get'],
  ['PUT', 'update'],
  ['PATCH', 'patch'],
  ['DELETE', 'delete'],
]);
/** Where the concurrent writer that injectConflicts simulates leaves its mark. */
export const CONCURRENT_WRITE_ANNOTATION = 'kube-test-server/concurrent-write';

/**
 * The REST API over the store: routing, authorization, admission, the write semantics (preconditions,
 * dry run, no-op writes), and the answers' shapes. Synchronous on purpose: each request is handled in
 * one turn of the event loop, so concurrent requests interleave only between requests, as etcd's
 * transactions make them appear on a real server.
 */
export class KubeApi {
  #pendingConflicts = 0;
  #concurrentWrites = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly controllers: NamespaceControllers,
    private readonly serverAddress: () => string,
    private readonly history: WatchHistory,
  ) {}

  /** The next `count` updates and patches of an existing object race a concurrent writer, and lose. */
  injectConflicts(count: number): void {
    this.#pendingConflicts += count;
  }

  handle(request: ApiRequest): ApiResponse {
    const route = this.#route(request.path);
    if (route.type === 'document') {
      if (request.method !== 'GET') throw methodNotAllowed();
      return { code: 200, body: route.body };
    }
    const { method } = request;
    if (route.type === 'collection') {
      if (method === 'GET') {
        if (['true', '1'].includes(request.query.get('watch') ?? '')) {
          authorize(request.user, 'watch', route.resource, route.namespace);
          return this.#watch(request, route.resource, route.namespace);
        }
        authorize(request.user, 'list', route.resource, route.namespace);
        return this.#list(request, route.resource, route.namespace);
      }
      if (method === 'POST' && (route.namespace !== undefined || !route.resource.namespaced)) {
        authorize(request.user, 'create', route.resource, route.namespace);
        return this.#create(request, route.resource, route.namespace);
      }
      throw methodNotAllowed();
    }
    const { resource, namespace, name } = route;
    const verb = ITEM_VERBS.get(method);
    if (verb === undefined) throw methodNotAllowed();
    authorize(request.user, verb, resource, namespace, name);
    switch (verb) {
      case 'get':
        return this.#get(request, resource, namespace, name);
      case 'update':
        return this.#update(request, resource, namespace, name);
      case 'patch':
        return this.#patch(request, resource, namespace, name);
      default:
        return this.#delete(request, resource, namespace, name);
    }
  }

  #route(path: string): Route {
    let segments: string[];
    try {
      segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw badRequest(`malformed path ${JSON.stringify(path)}`);
    }
    const [root, version, ...rest] = segments;
    if (root === 'version' && version === undefined) return { type: 'document', body: VERSION_INFO };
    if (root === 'openapi' && version === 'v3') {
      if (rest.length === 0) return { type: 'document', body: OPENAPI_V3_DISCOVERY };
      const document = OPENAPI_V3_DOCUMENTS.get(rest.join('/'));
      if (document) return { type: 'document', body: document };
    }
    if (root === 'apis') {
      if (version === undefined) return { type: 'document', body: API_GROUP_LIST };
      const [groupVersion, ...tail] = rest;
      const body = groupVersion === undefined ? apiGroup(version) : groupResources(version, groupVersion);
      if (body === undefined) throw pathNotFound();
      if (tail.length === 0 || groupVersion === undefined) return { type: 'document', body };
      return routeResources(resourcesOf(version, groupVersion), tail);
    }
    if (root !== 'api') throw pathNotFound();
    if (version === undefined) return { type: 'document', body: apiVersions(this.serverAddress()) };
    if (version !== 'v1') throw pathNotFound();
    if (rest.length === 0) return { type: 'document', body: CORE_V1_RESOURCES };
    return routeResources(resourcesOf('', 'v1'), rest);
  }

  #get(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): ApiResponse {
    const object = this.store.peek(resource.name, namespace ?? '', name);
    if (!object) throw notFound(resource, name);
    if (wantsTable(request)) {
      const metadata = { resourceVersion: object.metadata.resourceVersion };
      return { code: 200, body: toTable(resource, [object], metadata, includeObject(request)) };
    }
    return { code: 200, body: object };
  }

  #list(request: ApiRequest, resource: ResourceDefinition, namespace: string | undefined): ApiResponse {
    const { query } = request;
    const labelText = query.get('labelSelector') ?? '';
    const fieldText = query.get('fieldSelector') ?? '';
    const matches = selectors(request, resource);
    const scope = resource.namespaced ? namespace : undefined;
    let objects = this.#listAt(request, resource, scope).filter(matches);

    // Pages: the continue token holds the last key served; the next page starts after it.
    const continueToken = query.get('continue');
    if (continueToken) {
      const after = decodeContinue(continueToken);
      objects = objects.filter((object) => compareKeys(keyOf(object), after) > 0);
    }
    const exact = request.query.get('resourceVersionMatch') === 'Exact';
    const resourceVersion = exact ? String(request.query.get('resourceVersion')) : this.store.resourceVersion;
    const metadata: Record<string, unknown> = { resourceVersion };
    const limit = Number(query.get('limit') ?? 0);
    if (Number.isInteger(limit) && limit > 0 && objects.length > limit) {
      const remaining = objects.length - limit;
      objects = objects.slice(0, limit);
      metadata.continue = encodeContinue(keyOf(objects[objects.length - 1] as KubeObject));
      if (!labelText && !fieldText) metadata.remainingItemCount = remaining;
    }

    if (wantsTable(request)) {
      return { code: 200, body: toTable(resource, objects, metadata, includeObject(request)) };
    }
    // Items of a list carry no kind or apiVersion, exactly as the real server sends them.
    const items = objects.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest);
    return { code: 200, body: { kind: resource.listKind, apiVersion: resource.apiVersion, metadata, items } };
  }

  /**
   * The objects a list starts from. Without resourceVersionMatch a resourceVersion means "not older
   * than", which the latest state always is; `Exact` asks for the state at that revision, rebuilt
   * from the watch history, or 410 when it has been compacted away, as etcd answers.
   */
  #listAt(request: ApiRequest, resource: ResourceDefinition, namespace: string | undefined): KubeObject[] {
    const match = request.query.get('resourceVersionMatch');
    const given = request.query.get('resourceVersion') ?? '';
    if (match === null || match === '') return this.store.scan(resource.name, namespace);
    if (given === '')
      throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
    if (match === 'NotOlderThan') return this.store.scan(resource.name, namespace);
    if (match !== 'Exact')
      throw badRequest(
        `resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`,
      );
    if (given === '0') throw badRequest('resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    const revision = parseResourceVersion(given);
    const current = Number(this.store.resourceVersion);
    if (revision > current) throw tooLargeResourceVersion(revision, current);
    const changes = this.history.since(revision);
    if (changes === undefined)
      throw new ApiError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
    // Undo the changes after `revision`, newest first.
    const state = new Map(
      this.store.scan(resource.name, namespace).map((object) => [keyText(object), object]),
    );
    for (const change of [...changes].reverse()) {
      if (change.resource !== resource.name) continue;
      if (namespace !== undefined && change.object.metadata.namespace !== namespace) continue;
      const key = keyText(change.object);
      if (change.type === 'ADDED') state.delete(key);
      else state.set(key, change.type === 'MODIFIED' ? (change.previous as KubeObject) : change.object);
    }
    return [...state.values()].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  #watch(request: ApiRequest, resource: ResourceDefinition, namespace: string | undefined): ApiResponse {
    const { query } = request;
    const resourceVersion = query.get('resourceVersion') ?? undefined;
    if (resourceVersion !== undefined && resourceVersion !== '') parseResourceVersion(resourceVersion);
    const timeoutText = query.get('timeoutSeconds');
    let timeoutSeconds: number | undefined;
    if (timeoutText !== null && timeoutText !== '') {
      timeoutSeconds = Number(timeoutText);
      if (!Number.isInteger(timeoutSeconds)) {
        throw badRequest(`timeoutSeconds: Invalid value: ${JSON.stringify(timeoutText)}: must be an integer`);
      }
    }
    const spec: WatchSpec = {
      resource,
      matches: selectors(request, resource),
      bookmarks: query.get('allowWatchBookmarks') === 'true',
    };
    if (resource.namespaced && namespace !== undefined) spec.namespace = namespace;
    if (resourceVersion !== undefined) spec.resourceVersion = resourceVersion;
    if (timeoutSeconds !== undefined) spec.timeoutSeconds = timeoutSeconds;
    if (wantsTable(request)) spec.table = includeObject(request);
    return { code: 200, body: undefined, watch: spec };
  }

  #create(request: ApiRequest, resource: ResourceDefinition, namespace: string | undefined): ApiResponse {
    const body = parseBody(request, OBJECT_TYPES, resource.kind);
    const warnings = checkFields(request, resource, body);
    const candidate = body as JsonObject;
    checkNamespace(candidate, namespace);
    const name = nameOf(candidate);
    if (namespace !== undefined) this.#admitCreate(resource, namespace, name);
    const object = prepareObject(resource, candidate, undefined, namespace, new Date());
    validateObject(resource, object);
    if (this.store.peek(resource.name, namespace ?? '', name)) throw alreadyExists(resource, name);
    if (isDryRun(request)) {
      delete object.metadata.resourceVersion;
      return { code: 201, body: object, headers: warnings };
    }
    return { code: 201, body: this.store.write(resource.name, object), headers: warnings };
  }

  /** The NamespaceLifecycle admission plugin: no content in a namespace that is missing or going away. */
  #admitCreate(resource: ResourceDefinition, namespace: string, name: string): void {
    const owner = this.store.peek('namespaces', '', namespace);
    if (!owner) throw notFound('namespaces', namespace);
    if (isTerminating(owner)) {
      throw forbidden(
        resource,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  }

  #update(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): ApiResponse {
    const body = parseBody(request, OBJECT_TYPES, resource.kind);
    const warnings = checkFields(request, resource, body);
    const candidate = body as JsonObject;
    checkNamespace(candidate, namespace);
    checkName(candidate, name);
    const existing = this.#existingForWrite(request, resource, namespace, name);
    return { ...this.#write(request, resource, namespace, candidate, existing), headers: warnings };
  }

  #patch(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): ApiResponse {
    const contentType = mediaType(request.headers['content-type']);
    if (!PATCH_TYPES.includes(contentType)) throw unsupportedMediaType(PATCH_TYPES);
    const patch = parseBody(request, PATCH_TYPES);
    const existing = this.#existingForWrite(request, resource, namespace, name);
    const document = cloneJson(existing);
    let patched: unknown;
    if (contentType === 'application/json-patch+json') patched = applyJsonPatch(document, patch);
    else if (contentType === 'application/merge-patch+json') patched = applyMergePatch(document, patch);
    else patched = applyStrategicMergePatch(document, patch, resource.mergeLists);
    const warnings = checkFields(request, resource, patched);
    const candidate = patched as JsonObject;
    checkNamespace(candidate, namespace);
    checkName(candidate, name);
    return { ...this.#write(request, resource, namespace, candidate, existing), headers: warnings };
  }

  /** The object an update or patch starts from, after the concurrent writer, if one is due, got there first. */
  #existingForWrite(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const existing = this.store.peek(resource.name, namespace ?? '', name);
    if (!existing) throw notFound(resource, name);
    if (this.#pendingConflicts === 0 || isDryRun(request)) return existing;
    this.#pendingConflicts--;
    const annotations = {
      ...existing.metadata.annotations,
      [CONCURRENT_WRITE_ANNOTATION]: String(++this.#concurrentWrites),
    };
    const raced = { ...existing, metadata: { ...existing.metadata, annotations } };
    return this.store.write(resource.name, prepareObject(resource, raced, existing, namespace, new Date()));
  }

  /** An update of `existing` to `candidate`: precondition, validation, then a write unless nothing changed. */
  #write(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    candidate: JsonObject,
    existing: KubeObject,
  ): ApiResponse {
    const name = existing.metadata.name;
    const given = isObject(candidate.metadata) ? candidate.metadata : {};
    if (
      typeof given.resourceVersion === 'string' &&
      given.resourceVersion !== '' &&
      given.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(resource, name);
    }
    if (typeof given.uid === 'string' && given.uid !== '' && given.uid !== existing.metadata.uid) {
      throw conflict(
        resource.name,
        name,
        `Precondition failed: UID in precondition: ${given.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    const object = prepareObject(resource, candidate, existing, namespace, new Date());
    validateObject(resource, object, existing);
    // etcd is not written when the new bytes equal the old: the resourceVersion stays.
    if (jsonEqual(object, existing)) return { code: 200, body: existing };
    if (isDryRun(request)) return { code: 200, body: object };
    return { code: 200, body: this.store.write(resource.name, object) };
  }

  #delete(
    request: ApiRequest,
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): ApiResponse {
    const options = request.body.length > 0 ? parseBody(request, OBJECT_TYPES, 'DeleteOptions') : {};
    const existing = this.store.peek(resource.name, namespace ?? '', name);
    if (!existing) throw notFound(resource, name);
    const preconditions = isObject(options) && isObject(options.preconditions) ? options.preconditions : {};
    if (typeof preconditions.uid === 'string' && preconditions.uid !== existing.metadata.uid) {
      throw conflict(
        resource.name,
        name,
        `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (
      typeof preconditions.resourceVersion === 'string' &&
      preconditions.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(
        resource.name,
        name,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    const dryRun =
      isDryRun(request) ||
      (isObject(options) && Array.isArray(options.dryRun) && checkDryRun(options.dryRun as string[]));
    if (resource.name === 'namespaces') {
      if (IMMORTAL_NAMESPACES.has(name))
        throw forbidden('namespaces', name, 'this namespace may not be deleted');
      // A namespace is not gone at once: it turns Terminating until the namespace controller has emptied it.
      if (dryRun || isTerminating(existing)) return { code: 200, body: existing };
      const marked = this.controllers.markTerminating(name) as KubeObject;
      this.controllers.scheduleFinalization(name);
      return { code: 200, body: marked };
    }
    if (!dryRun) this.store.remove(resource.name, namespace ?? '', name);
    return { code: 200, body: deletedStatus(resource.name, name, existing.metadata.uid) };
  }
}

/** The label and field selectors of a list or watch, as one predicate. */
function selectors(request: ApiRequest, resource: ResourceDefinition): (object: KubeObject) => boolean {
  const labels = parseLabelSelector(request.query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(request.query.get('fieldSelector') ?? '', resource);
  return (object) => matchesLabels(labels, object.metadata.labels) && fields(object);
}

function parseResourceVersion(text: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw badRequest(`invalid resource version: ${JSON.stringify(text)}`);
  return Number(text);
}

function keyText(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** The path after /api/v1 or /apis/GROUP/VERSION, among that group version's resources. */
function routeResources(resources: Map<string, ResourceDefinition>, segments: string[]): Route {
  const [first, second, third, fourth, ...extra] = segments;
  if (first === 'namespaces' && third !== undefined) {
    const resource = resources.get(third);
    if (!resource?.namespaced || extra.length > 0) throw pathNotFound();
    if (fourth === undefined) return { type: 'collection', resource, namespace: second };
    return { type: 'item', resource, namespace: second, name: fourth };
  }
  const resource = first === undefined ? undefined : resources.get(first);
  if (!resource || third !== undefined) throw pathNotFound();
  if (second === undefined) return { type: 'collection', resource };
  if (resource.namespaced) throw pathNotFound();
  return { type: 'item', resource, name: second };
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const OBJECT_TYPES = ['application/json', PROTOBUF];

/**
 * The request body as JSON. kubectl's typed clients send objects (and DeleteOptions) as protobuf,
 * decoded into the same JSON form when `protobufKind` names the message; patches are always JSON.
 */
function parseBody(request: ApiRequest, accepted: string[], protobufKind?: string): unknown {
  const type = mediaType(request.headers['content-type']);
  if (type !== '' && type !== '*/*' && !accepted.includes(type)) throw unsupportedMediaType(accepted);
  if (type === PROTOBUF && protobufKind !== undefined) return decodeKubeProtobuf(request.body, protobufKind);
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

function isDryRun(request: ApiRequest): boolean {
  return checkDryRun(request.query.getAll('dryRun'));
}

function checkDryRun(values: string[]): boolean {
  for (const value of values) {
    if (value !== 'All')
      throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
  }
  return values.length > 0;
}

/** Unknown fields per the request's fieldValidation: Strict rejects, Warn (the default) warns, Ignore ignores. */
function checkFields(
  request: ApiRequest,
  resource: ResourceDefinition,
  body: unknown,
): Record<string, string[]> {
  const unknown = decodeBody(resource, body);
  const mode = request.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore', ''].includes(mode)) {
    throw badRequest(
      `fieldValidation: Unsupported value: ${JSON.stringify(mode)}: supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  if (unknown.length === 0 || mode === 'Ignore') return {};
  if (mode === 'Strict') {
    throw badRequest(
      `strict decoding error: ${unknown.map((field) => `unknown field ${JSON.stringify(field)}`).join(', ')}`,
    );
  }
  return {
    Warning: unknown.map((field) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(field)}`)}`),
  };
}

function nameOf(candidate: JsonObject): string {
  const metadata = isObject(candidate.metadata) ? candidate.metadata : {};
  return typeof metadata.name === 'string' ? metadata.name : '';
}

function checkName(candidate: JsonObject, name: string): void {
  const given = nameOf(candidate);
  if (given !== name)
    throw badRequest(`the name of the object (${given}) does not match the name on the URL (${name})`);
}

/** The body's namespace, when it has one, must be the URL's; a cluster-scoped object has none. */
function checkNamespace(candidate: JsonObject, namespace: string | undefined): void {
  const metadata = isObject(candidate.metadata) ? candidate.metadata : {};
  const given = metadata.namespace;
  if (namespace !== undefined && typeof given === 'string' && given !== '' && given !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function wantsTable(request: ApiRequest): boolean {
  return (request.headers.accept ?? '').includes('as=Table');
}

function includeObject(request: ApiRequest): IncludeObject {
  const value = request.query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

type Key = [string, string];

function keyOf(object: KubeObject): Key {
  return [object.metadata.namespace ?? '', object.metadata.name];
}

function compareKeys(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function encodeContinue(key: Key): string {
  return Buffer.from(JSON.stringify({ v: 1, after: key })).toString('base64url');
}

function decodeContinue(token: string): Key {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed.after) && parsed.after.length === 2) return parsed.after as Key;
  } catch {
    // fall through to the error
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}
