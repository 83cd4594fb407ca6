import type { AuthMethods, HttpLibrary } from '@kubernetes/client-node';
import { displayRegistryKey, InvalidInputError, redactText } from '@pull-secret/dockerconfigjson';
import { ExecPluginFailure } from './exec-plugin-failure.js';
import { KubeApiError } from './kube-api-error.js';
import { allowPlainHttp, dispatcherTransport, sharedDispatcherAuthentication } from './kube-transport.js';
import { IN_CLUSTER_TOKEN, type KubeconfigOrigin, loadKubeconfig } from './load-kubeconfig.js';
import type {
  ConfigMapManifest,
  LeaseManifest,
  SecretManifest,
  ServiceAccountManifest,
} from './manifest-types.js';
import { type RequestFailure, type RequestPolicyInit, requestPolicy } from './request-policy.js';
import { describeTransportFailure } from './transport-failure.js';

export interface KubeApiInit extends RequestPolicyInit {
  /** A kubeconfig file; otherwise KUBECONFIG, ~/.kube/config, or the in-cluster ServiceAccount. */
  kubeconfig?: string;
  /** A context of the kubeconfig other than its current one. */
  context?: string;
  /** Where KUBECONFIG and HOME are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Values to hide in any message the API server sends back. */
  secrets?: readonly string[];
}

export interface NamespaceInfo {
  name: string;
  terminating: boolean;
  /** RFC 3339, as the API server set it. */
  creationTimestamp?: string;
}

/** The few Kubernetes calls pull-secret makes, with retries, timeouts and redacted errors. */
export interface KubeApi {
  /** The server, for messages: `https://host:port` of the current context. */
  readonly server: string;
  /** The current context's namespace, or `default`, as kubectl uses when no namespace is given. */
  readonly defaultNamespace: string;
  listNamespaces(labelSelector?: string): Promise<NamespaceInfo[]>;
  /** One namespace, or undefined when there is none of that name. */
  readNamespace?(name: string): Promise<NamespaceInfo | undefined>;
  readSecret(namespace: string, name: string): Promise<SecretManifest | undefined>;
  createSecret(namespace: string, secret: SecretManifest, dryRun: boolean): Promise<SecretManifest>;
  /** PUT with the object's resourceVersion as precondition: 409 when someone wrote in between. */
  replaceSecret(namespace: string, secret: SecretManifest, dryRun: boolean): Promise<SecretManifest>;
  /**
   * Deletes a Secret; with `uid`, only that very object (a precondition: one made again since is
   * left alone, 409). False when it was gone already.
   */
  deleteSecret(namespace: string, name: string, uid?: string): Promise<boolean>;
  /** Secrets in one namespace, or all namespaces when `namespace` is undefined. */
  listSecrets(namespace: string | undefined, labelSelector?: string): Promise<SecretManifest[]>;
  readServiceAccount(namespace: string, name: string): Promise<ServiceAccountManifest | undefined>;
  listServiceAccounts(namespace: string | undefined): Promise<ServiceAccountManifest[]>;
  /**
   * Sets the ServiceAccount's imagePullSecrets to this one's, by a merge patch that carries the
   * resourceVersion it was read at: 409 when someone wrote in between. A patch, so RBAC needs `patch`
   * on ServiceAccounts, not `update`; the resourceVersion keeps it from dropping a concurrent entry.
   */
  patchServiceAccountPullSecrets(
    namespace: string,
    serviceAccount: ServiceAccountManifest,
    dryRun: boolean,
  ): Promise<void>;
  /**
   * Every Secret called `name`, in all namespaces: one cluster-wide list with
   * `fieldSelector=metadata.name=NAME`, read in pages of `LIST_PAGE_SIZE`. A KubeApiError with status
   * 403 when the identity may not list Secrets cluster-wide.
   */
  listSecretsNamed(name: string): Promise<SecretManifest[]>;
  /** Every ServiceAccount called `name`, in all namespaces, as listSecretsNamed. */
  listServiceAccountsNamed(name: string): Promise<ServiceAccountManifest[]>;
  readConfigMap(namespace: string, name: string): Promise<ConfigMapManifest | undefined>;
  createConfigMap(
    namespace: string,
    configMap: ConfigMapManifest,
    dryRun: boolean,
  ): Promise<ConfigMapManifest>;
  /** PUT with the object's resourceVersion as precondition: 409 when someone wrote in between. */
  replaceConfigMap(
    namespace: string,
    configMap: ConfigMapManifest,
    dryRun: boolean,
  ): Promise<ConfigMapManifest>;
  /** ConfigMaps in one namespace, or all namespaces when `namespace` is undefined. */
  listConfigMaps(namespace: string | undefined, labelSelector?: string): Promise<ConfigMapManifest[]>;
  /** Every ConfigMap called `name`, in all namespaces, as listSecretsNamed. */
  listConfigMapsNamed(name: string): Promise<ConfigMapManifest[]>;
  /**
   * A list to start a watch from (`/api/v1/namespaces`, `/api/v1/secrets`, `/api/v1/namespaces/NS/secrets`):
   * its items as plain API JSON and the list's resourceVersion. Paged, as listSecretsNamed.
   */
  listForWatch?(path: WatchPath, selectors: WatchSelectors): Promise<WatchList>;
  /**
   * A watch (client-node's Watch, on this kubeconfig) of `path`: events to `onEvent`, then `onDone`
   * once when the stream ends or fails. No event or byte for `inactivityMs`: it ends with a TimeoutError.
   */
  watch?(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (type: string, object: unknown) => void,
    onDone: (error: unknown) => void,
    inactivityMs: number,
  ): Promise<AbortController>;
  /** A coordination.k8s.io/v1 Lease, or undefined when there is none of that name. */
  readLease?(namespace: string, name: string): Promise<LeaseManifest | undefined>;
  createLease?(namespace: string, lease: LeaseManifest): Promise<LeaseManifest>;
  /** PUT with the object's resourceVersion as precondition: 409 when someone wrote in between. */
  replaceLease?(namespace: string, lease: LeaseManifest): Promise<LeaseManifest>;
}

export type WatchPath = '/api/v1/namespaces' | '/api/v1/secrets' | `/api/v1/namespaces/${string}/secrets`;

export interface WatchSelectors {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchList {
  items: { metadata: { name?: string; namespace?: string; resourceVersion?: string } }[];
  metadata: { resourceVersion?: string };
}

/** Items per page of a list: enough for few round trips, small enough to bound one answer's size. */
export const LIST_PAGE_SIZE = 500;

/**
 * Connects through `@kubernetes/client-node` (loaded only here, on first use). Reads the kubeconfig as
 * kubectl does: the kubeconfig option, else `KUBECONFIG`, else `~/.kube/config`, else in-cluster.
 */
export async function connectKubeApi(init: KubeApiInit = {}): Promise<KubeApi> {
  const k8s = await import('./client-node-parts.js');
  const config = new k8s.KubeConfig();
  const origin = loadKubeconfig(config, { file: init.kubeconfig, env: init.env ?? process.env });
  allowPlainHttp(config);
  if (init.context) {
    if (!config.getContexts().some((context) => context.name === init.context)) {
      throw new InvalidInputError(
        'KUBE_CONTEXT_UNKNOWN',
        `The kubeconfig has no context "${init.context}".`,
        {
          fields: { option: 'context' },
          hint: `Contexts: ${
            config
              .getContexts()
              .map((context) => context.name)
              .join(', ') || 'none'
          }.`,
        },
      );
    }
    config.setCurrentContext(init.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new InvalidInputError('KUBECONFIG_NO_CLUSTER', 'The kubeconfig has no current cluster.', {
      hint: 'Pass {{context}} NAME, or run "kubectl config use-context NAME".',
      fields: { option: 'context' },
    });
  }
  const core = config.makeApiClient(k8s.CoreV1Api);
  const authMethods: AuthMethods = { default: sharedDispatcherAuthentication(k8s, config) };
  const secrets = init.secrets ?? [];
  // The HTTP status of an answer the server gave. Not just any numeric `code`: a timed-out attempt's
  // DOMException has one too (23), and it must be retried and reported as a timeout.
  const statusOf = (error: unknown) => (error instanceof k8s.ApiException ? error.code : undefined);
  const run = requestPolicy(init, (error) => classify(error, statusOf(error)));
  // A server URL with user info (https://user:token@host) is shown with it hidden.
  const server = displayRegistryKey(cluster.server);

  const fallback = new k8s.IsomorphicFetchHttpLibrary();
  type Request<T> = (options: { httpApi: HttpLibrary; authMethods: AuthMethods }) => Promise<T>;
  // Each attempt gets its own transport, which carries that attempt's timeout signal; every request
  // goes over the one shared connection pool the authentication sets on it.
  const send = <T>(request: Request<T>) =>
    run((signal) => request({ httpApi: dispatcherTransport(k8s, signal, fallback), authMethods }));
  // Every call comes out with a KubeApiError that names what was asked.
  const call = async <T>(what: string, request: Request<T>): Promise<T> => {
    try {
      return await send(request);
    } catch (error) {
      throw toKubeApiError(error, statusOf(error), what, server, secrets, origin);
    }
  };
  // A read of something not there is an answer, not an error: 404 becomes undefined before any
  // KubeApiError (and its stack trace) is made, as a first apply reads a 404 in every namespace.
  const readOrUndefined = async <T>(what: string, request: Request<T>): Promise<T | undefined> => {
    try {
      return await send(request);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return undefined;
      throw toKubeApiError(error, status, what, server, secrets, origin);
    }
  };
  // client-node hands back model objects with Date fields; callers get plain API JSON (RFC 3339 strings),
  // which prints and compares like what kubectl sees.
  const plain = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
  const dry = (dryRun: boolean) => (dryRun ? { dryRun: 'All' } : {});
  const namespaceInfo = (namespace: {
    metadata?: { name?: string; deletionTimestamp?: unknown; creationTimestamp?: unknown };
    status?: { phase?: string };
  }): NamespaceInfo => {
    const created = namespace.metadata?.creationTimestamp;
    return {
      name: namespace.metadata?.name ?? '',
      terminating:
        namespace.status?.phase === 'Terminating' || Boolean(namespace.metadata?.deletionTimestamp),
      ...(created
        ? { creationTimestamp: created instanceof Date ? created.toISOString() : String(created) }
        : {}),
    };
  };

  // A list read page by page (`limit`, then `continue` until the server gives none).
  type Page<T> = { items: T[]; metadata?: { _continue?: string } };
  const allPages = async <T>(
    what: string,
    request: (page: { limit: number; _continue?: string }, o: { httpApi: HttpLibrary }) => Promise<Page<T>>,
  ): Promise<T[]> => {
    const items: T[] = [];
    let next: string | undefined;
    do {
      const page = { limit: LIST_PAGE_SIZE, ...(next ? { _continue: next } : {}) };
      const list = await call(what, (o) => request(page, o));
      items.push(...list.items);
      next = list.metadata?._continue || undefined;
    } while (next);
    return items;
  };
  const named = (name: string) => ({ fieldSelector: `metadata.name=${name}` });

  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;
  const coordination = config.makeApiClient(k8s.CoordinationV1Api);
  const watcher = new k8s.Watch(config);

  return {
    server,
    defaultNamespace: contextNamespace || 'default',
    async listNamespaces(labelSelector) {
      const items = await allPages('list namespaces', (page, o) =>
        core.listNamespace({ ...(labelSelector ? { labelSelector } : {}), ...page }, o),
      );
      return items.map(namespaceInfo);
    },
    async readNamespace(name) {
      const namespace = await readOrUndefined(`read namespace ${name}`, (o) =>
        core.readNamespace({ name }, o),
      );
      return namespace === undefined ? undefined : namespaceInfo(namespace);
    },
    async readSecret(namespace, name) {
      return plain(
        await readOrUndefined(`read secret ${namespace}/${name}`, (o) =>
          core.readNamespacedSecret({ name, namespace }, o),
        ),
      ) as SecretManifest | undefined;
    },
    async createSecret(namespace, secret, dryRun) {
      return plain(
        await call(`create secret ${namespace}/${secret.metadata.name}`, (o) =>
          core.createNamespacedSecret({ namespace, body: secret as never, ...dry(dryRun) }, o),
        ),
      ) as SecretManifest;
    },
    async replaceSecret(namespace, secret, dryRun) {
      const name = secret.metadata.name;
      return plain(
        await call(`update secret ${namespace}/${name}`, (o) =>
          core.replaceNamespacedSecret({ name, namespace, body: secret as never, ...dry(dryRun) }, o),
        ),
      ) as SecretManifest;
    },
    async deleteSecret(namespace, name, uid) {
      const body = uid ? { body: { preconditions: { uid } } } : {};
      const deleted = await readOrUndefined(`delete secret ${namespace}/${name}`, (o) =>
        core.deleteNamespacedSecret({ name, namespace, ...body }, o),
      );
      return deleted !== undefined;
    },
    async listSecrets(namespace, labelSelector) {
      const selector = labelSelector ? { labelSelector } : {};
      const list = await call(`list secrets${namespace ? ` in ${namespace}` : ''}`, (o) =>
        namespace
          ? core.listNamespacedSecret({ namespace, ...selector }, o)
          : core.listSecretForAllNamespaces(selector, o),
      );
      return plain(list.items) as SecretManifest[];
    },
    async readServiceAccount(namespace, name) {
      return plain(
        await readOrUndefined(`read serviceaccount ${namespace}/${name}`, (o) =>
          core.readNamespacedServiceAccount({ name, namespace }, o),
        ),
      ) as ServiceAccountManifest | undefined;
    },
    async listServiceAccounts(namespace) {
      const list = await call(`list serviceaccounts${namespace ? ` in ${namespace}` : ''}`, (o) =>
        namespace
          ? core.listNamespacedServiceAccount({ namespace }, o)
          : core.listServiceAccountForAllNamespaces({}, o),
      );
      return plain(list.items) as ServiceAccountManifest[];
    },
    async patchServiceAccountPullSecrets(namespace, serviceAccount, dryRun) {
      const name = serviceAccount.metadata.name;
      // imagePullSecrets is an atomic list: a merge patch replaces it whole, and the resourceVersion in
      // the body is a precondition the API server checks (409 on a mismatch).
      const body = {
        metadata: { resourceVersion: serviceAccount.metadata.resourceVersion },
        imagePullSecrets: serviceAccount.imagePullSecrets ?? [],
      };
      await call(`patch serviceaccount ${namespace}/${name}`, (o) =>
        core.patchNamespacedServiceAccount(
          { name, namespace, body, ...dry(dryRun) },
          k8s.setHeaderOptions('Content-Type', 'application/merge-patch+json', o as never),
        ),
      );
    },
    async listSecretsNamed(name) {
      const items = await allPages(`list secrets named ${name} in all namespaces`, (page, o) =>
        core.listSecretForAllNamespaces({ ...named(name), ...page }, o),
      );
      return plain(items) as SecretManifest[];
    },
    async listServiceAccountsNamed(name) {
      const items = await allPages(`list serviceaccounts named ${name} in all namespaces`, (page, o) =>
        core.listServiceAccountForAllNamespaces({ ...named(name), ...page }, o),
      );
      return plain(items) as ServiceAccountManifest[];
    },
    async readConfigMap(namespace, name) {
      return plain(
        await readOrUndefined(`read configmap ${namespace}/${name}`, (o) =>
          core.readNamespacedConfigMap({ name, namespace }, o),
        ),
      ) as ConfigMapManifest | undefined;
    },
    async createConfigMap(namespace, configMap, dryRun) {
      return plain(
        await call(`create configmap ${namespace}/${configMap.metadata.name}`, (o) =>
          core.createNamespacedConfigMap({ namespace, body: configMap as never, ...dry(dryRun) }, o),
        ),
      ) as ConfigMapManifest;
    },
    async replaceConfigMap(namespace, configMap, dryRun) {
      const name = configMap.metadata.name;
      return plain(
        await call(`update configmap ${namespace}/${name}`, (o) =>
          core.replaceNamespacedConfigMap({ name, namespace, body: configMap as never, ...dry(dryRun) }, o),
        ),
      ) as ConfigMapManifest;
    },
    async listConfigMaps(namespace, labelSelector) {
      const selector = labelSelector ? { labelSelector } : {};
      const list = await call(`list configmaps${namespace ? ` in ${namespace}` : ''}`, (o) =>
        namespace
          ? core.listNamespacedConfigMap({ namespace, ...selector }, o)
          : core.listConfigMapForAllNamespaces(selector, o),
      );
      return plain(list.items) as ConfigMapManifest[];
    },
    async listConfigMapsNamed(name) {
      const items = await allPages(`list configmaps named ${name} in all namespaces`, (page, o) =>
        core.listConfigMapForAllNamespaces({ ...named(name), ...page }, o),
      );
      return plain(items) as ConfigMapManifest[];
    },
    async listForWatch(path, selectors) {
      const query = {
        ...(selectors.labelSelector ? { labelSelector: selectors.labelSelector } : {}),
        ...(selectors.fieldSelector ? { fieldSelector: selectors.fieldSelector } : {}),
      };
      const namespace = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(path)?.[1];
      const items: WatchList['items'] = [];
      let resourceVersion: string | undefined;
      let next: string | undefined;
      do {
        const page = { ...query, limit: LIST_PAGE_SIZE, ...(next ? { _continue: next } : {}) };
        const list: { items: unknown[]; metadata?: { _continue?: string; resourceVersion?: string } } =
          await call(`list ${path}`, (o) =>
            path === '/api/v1/namespaces'
              ? core.listNamespace(page, o)
              : namespace
                ? core.listNamespacedSecret({ namespace, ...page }, o)
                : core.listSecretForAllNamespaces(page, o),
          );
        items.push(...(plain(list.items) as WatchList['items']));
        resourceVersion = list.metadata?.resourceVersion;
        next = list.metadata?._continue || undefined;
      } while (next);
      return { items, metadata: resourceVersion ? { resourceVersion } : {} };
    },
    async watch(path, query, onEvent, onDone, inactivityMs) {
      // Watch takes its time limit (to connect, then between bytes) only as a field TypeScript calls
      // private; its default, 30 s, would end every quiet watch between two bookmarks.
      const limited = watcher as unknown as { requestTimeoutMs?: number };
      if (typeof limited.requestTimeoutMs === 'number') limited.requestTimeoutMs = inactivityMs;
      return watcher.watch(path, query, (type, object) => onEvent(type, object), onDone);
    },
    async readLease(namespace, name) {
      return plain(
        await readOrUndefined(`read lease ${namespace}/${name}`, (o) =>
          coordination.readNamespacedLease({ name, namespace }, o),
        ),
      ) as LeaseManifest | undefined;
    },
    async createLease(namespace, lease) {
      return plain(
        await call(`create lease ${namespace}/${lease.metadata.name}`, (o) =>
          coordination.createNamespacedLease({ namespace, body: lease as never }, o),
        ),
      ) as LeaseManifest;
    },
    async replaceLease(namespace, lease) {
      const name = lease.metadata.name;
      return plain(
        await call(`update lease ${namespace}/${name}`, (o) =>
          coordination.replaceNamespacedLease({ name, namespace, body: lease as never }, o),
        ),
      ) as LeaseManifest;
    },
  };
}

/** What the policy needs to know about a failed call: its status, and Retry-After. */
function classify(error: unknown, status: number | undefined): RequestFailure | undefined {
  if (status !== undefined) {
    const headers = (error as { headers?: Record<string, string> }).headers ?? {};
    const retryAfter = Number(headers['retry-after']);
    return Number.isFinite(retryAfter) && retryAfter >= 0
      ? { status, retryAfterSeconds: retryAfter }
      : { status };
  }
  return isNetworkError(error) ? { status: undefined } : undefined;
}

function isNetworkError(error: unknown): boolean {
  // Its stderr may read like a network error; running the plugin again would fail again.
  if (error instanceof ExecPluginFailure) return false;
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  // fetch wraps the socket's error as `cause`; undici's request throws it with its own `code`.
  const { message, code, cause } = (error ?? {}) as {
    message?: string;
    code?: unknown;
    cause?: { code?: unknown };
  };
  const text = `${message ?? ''} ${String(code ?? '')} ${String(cause?.code ?? '')}`;
  return /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR|socket hang up|other side closed/i.test(
    text,
  );
}

function toKubeApiError(
  error: unknown,
  status: number | undefined,
  what: string,
  server: string,
  secrets: readonly string[],
  origin: KubeconfigOrigin,
): KubeApiError {
  if (status === undefined) {
    const failure = describeTransportFailure(error, server, origin);
    // The cause, for --debug: the socket's or TLS's own error, or the plugin's (its stderr redacted).
    return new KubeApiError(
      `Could not ${what}: ${failure.message}.`,
      undefined,
      undefined,
      failure.hint,
      error,
    );
  }
  let body: { message?: string; reason?: string } = {};
  try {
    const raw = (error as { body?: unknown }).body;
    body = typeof raw === 'string' ? JSON.parse(raw) : ((raw as object) ?? {});
  } catch {}
  // The API server's message can quote submitted values; it never needs to show a secret.
  const message = redactText(body.message ?? `HTTP ${status}`, secrets);
  const hint =
    status === 401
      ? origin === 'in-cluster'
        ? `The ServiceAccount token (${IN_CLUSTER_TOKEN}) was rejected: check that the pod's token is mounted from a ServiceAccount that still exists.`
        : 'The kubeconfig credentials were rejected: log in again (e.g. refresh the cluster token).'
      : status === 403
        ? 'Your user may not do this here: check RBAC (kubectl auth can-i).'
        : undefined;
  return new KubeApiError(`Could not ${what}: ${message}`, status, body.reason, hint);
}
