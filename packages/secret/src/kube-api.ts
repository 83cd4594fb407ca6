import { InvalidInputError, redactText } from '@pull-secret/dockerconfigjson';
import { KubeApiError } from './kube-api-error.js';
import type { SecretManifest, ServiceAccountManifest } from './manifest-types.js';
import { type RequestFailure, type RequestPolicyInit, requestPolicy } from './request-policy.js';

export interface KubeApiInit extends RequestPolicyInit {
  /** A kubeconfig file; otherwise KUBECONFIG, ~/.kube/config, or the in-cluster ServiceAccount. */
  kubeconfig?: string;
  /** A context of the kubeconfig other than its current one. */
  context?: string;
  /** Values to hide in any message the API server sends back. */
  secrets?: readonly string[];
}

export interface NamespaceInfo {
  name: string;
  terminating: boolean;
}

/** The few Kubernetes calls pull-secret makes, with retries, timeouts and redacted errors. */
export interface KubeApi {
  /** The server, for messages: `https://host:port` of the current context. */
  readonly server: string;
  /** The current context's namespace, or `default`, as kubectl uses when no -n is given. */
  readonly defaultNamespace: string;
  listNamespaces(labelSelector?: string): Promise<NamespaceInfo[]>;
  readSecret(namespace: string, name: string): Promise<SecretManifest | undefined>;
  createSecret(namespace: string, secret: SecretManifest, dryRun: boolean): Promise<SecretManifest>;
  /** PUT with the object's resourceVersion as precondition: 409 when someone wrote in between. */
  replaceSecret(namespace: string, secret: SecretManifest, dryRun: boolean): Promise<SecretManifest>;
  /** Secrets in one namespace, or all namespaces when `namespace` is undefined. */
  listSecrets(namespace: string | undefined, labelSelector?: string): Promise<SecretManifest[]>;
  readServiceAccount(namespace: string, name: string): Promise<ServiceAccountManifest | undefined>;
  listServiceAccounts(namespace: string | undefined): Promise<ServiceAccountManifest[]>;
  /** PUT with the object's resourceVersion as precondition: 409 when someone wrote in between. */
  replaceServiceAccount(
    namespace: string,
    serviceAccount: ServiceAccountManifest,
    dryRun: boolean,
  ): Promise<void>;
}

/**
 * Connects through `@kubernetes/client-node` (loaded only here, on first use). Reads the kubeconfig as
 * kubectl does: `--kubeconfig`, else `KUBECONFIG`, else `~/.kube/config`, else in-cluster.
 */
export async function connectKubeApi(init: KubeApiInit = {}): Promise<KubeApi> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  try {
    if (init.kubeconfig) config.loadFromFile(init.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    throw new InvalidInputError(
      'KUBECONFIG_INVALID',
      `Could not read the kubeconfig${init.kubeconfig ? ` "${init.kubeconfig}"` : ''}: ${firstLine(error)}.`,
      { hint: 'Pass --kubeconfig FILE or set KUBECONFIG.' },
    );
  }
  if (init.context) {
    if (!config.getContexts().some((context) => context.name === init.context)) {
      throw new InvalidInputError(
        'KUBE_CONTEXT_UNKNOWN',
        `The kubeconfig has no context "${init.context}".`,
        {
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
      hint: 'Pass --context NAME, or run "kubectl config use-context NAME".',
    });
  }
  shareDispatcher(config);
  const core = config.makeApiClient(k8s.CoreV1Api);
  const secrets = init.secrets ?? [];
  const run = requestPolicy(init, classify);
  const server = cluster.server;

  // Every call goes through the policy and comes out with a KubeApiError that names what was asked.
  const call = async <T>(what: string, request: (options: object) => Promise<T>): Promise<T> => {
    try {
      return await run((signal) => {
        // The object-parameter API takes observable middleware: this one gives each attempt its timeout.
        const options: object = {
          middleware: [
            {
              pre: (context: { setSignal(signal: AbortSignal): void }) => {
                context.setSignal(signal);
                return new k8s.Observable(Promise.resolve(context));
              },
              post: (context: unknown) => new k8s.Observable(Promise.resolve(context)),
            },
          ],
          middlewareMergeStrategy: 'append',
        };
        return request(options);
      });
    } catch (error) {
      throw toKubeApiError(error, what, server, secrets);
    }
  };
  // client-node hands back model objects with Date fields; callers get plain API JSON (RFC 3339 strings),
  // which prints and compares like what kubectl sees.
  const plain = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
  const missingAsUndefined = async <T>(read: Promise<T>): Promise<T | undefined> => {
    try {
      return await read;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  };
  const dry = (dryRun: boolean) => (dryRun ? { dryRun: 'All' } : {});
  const namespaceInfo = (namespace: {
    metadata?: { name?: string; deletionTimestamp?: unknown };
    status?: { phase?: string };
  }) => ({
    name: namespace.metadata?.name ?? '',
    terminating: namespace.status?.phase === 'Terminating' || Boolean(namespace.metadata?.deletionTimestamp),
  });

  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;

  return {
    server,
    defaultNamespace: contextNamespace || 'default',
    async listNamespaces(labelSelector) {
      const list = await call('list namespaces', (o) =>
        core.listNamespace(labelSelector ? { labelSelector } : {}, o),
      );
      return list.items.map(namespaceInfo);
    },
    async readSecret(namespace, name) {
      return plain(
        await missingAsUndefined(
          call(`read secret ${namespace}/${name}`, (o) => core.readNamespacedSecret({ name, namespace }, o)),
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
        await missingAsUndefined(
          call(`read serviceaccount ${namespace}/${name}`, (o) =>
            core.readNamespacedServiceAccount({ name, namespace }, o),
          ),
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
    async replaceServiceAccount(namespace, serviceAccount, dryRun) {
      const name = serviceAccount.metadata.name;
      await call(`update serviceaccount ${namespace}/${name}`, (o) =>
        core.replaceNamespacedServiceAccount(
          { name, namespace, body: serviceAccount as never, ...dry(dryRun) },
          o,
        ),
      );
    },
  };
}

/**
 * client-node 2.0 makes a new undici Agent, so a new connection with its own TLS handshake and
 * SecureContext, for every request (KubeConfig.applySecurityAuthentication → createDispatcher), and
 * leaves each open until the server's keep-alive timeout: 1,000 namespaces cost 2,000 handshakes and
 * hundreds of MiB of idle sockets. This reuses one Agent (whose pool keeps connections alive) for as
 * long as the cluster and TLS settings stay the same, and makes a new one when they change (a client
 * certificate rotated by an exec plugin). An Agent it stops using is not closed, since a request may
 * still be on its way to it; its idle connections end at the keep-alive timeout as before.
 * createDispatcher is private in client-node's types: where it is missing, nothing is changed.
 */
function shareDispatcher(config: object): void {
  type AgentOptions = Record<string, unknown>;
  const target = config as {
    createDispatcher?: (
      cluster: { server?: string; proxyUrl?: string } | null,
      options: AgentOptions,
    ) => unknown;
  };
  const create = target.createDispatcher;
  if (typeof create !== 'function') return;
  // The settings are read afresh for every request (new Buffers), so they are compared by value.
  const settingsOf = (cluster: { server?: string; proxyUrl?: string } | null, options: AgentOptions) => [
    cluster?.server,
    cluster?.proxyUrl,
    ...['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'].map(
      (name) => options[name],
    ),
  ];
  const same = (a: unknown, b: unknown) =>
    a === b ||
    (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : JSON.stringify(a) === JSON.stringify(b));
  let current: { settings: unknown[]; dispatcher: unknown } | undefined;
  target.createDispatcher = (cluster, options) => {
    const settings = settingsOf(cluster, options);
    if (!current || settings.some((value, i) => !same(value, current!.settings[i]))) {
      current = { settings, dispatcher: create.call(config, cluster, options) };
    }
    return current.dispatcher;
  };
}

/** What the policy needs to know about a failed call: its status, and Retry-After. */
function classify(error: unknown): RequestFailure | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') {
    const headers = (error as { headers?: Record<string, string> }).headers ?? {};
    const retryAfter = Number(headers['retry-after']);
    return Number.isFinite(retryAfter) && retryAfter >= 0
      ? { status: code, retryAfterSeconds: retryAfter }
      : { status: code };
  }
  return isNetworkError(error) ? { status: undefined } : undefined;
}

function isNetworkError(error: unknown): boolean {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  return /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR|socket hang up|other side closed/i.test(
    text,
  );
}

function toKubeApiError(
  error: unknown,
  what: string,
  server: string,
  secrets: readonly string[],
): KubeApiError {
  const status = (error as { code?: unknown }).code;
  if (typeof status !== 'number') {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    return new KubeApiError(
      `Could not ${what}: ${timedOut ? 'the API server did not answer in time' : `no answer from ${server}`}.`,
      undefined,
      undefined,
      'Check that the cluster is reachable (kubectl get ns) and the kubeconfig points at it.',
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
      ? 'The kubeconfig credentials were rejected: log in again (e.g. refresh the cluster token).'
      : status === 403
        ? 'Your user may not do this here: check RBAC (kubectl auth can-i).'
        : undefined;
  return new KubeApiError(`Could not ${what}: ${message}`, status, body.reason, hint);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .replace(/\.$/, '');
}
