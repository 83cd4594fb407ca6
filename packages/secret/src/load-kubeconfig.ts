import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError } from '@pull-secret/dockerconfigjson';

/** Where a ServiceAccount's token is mounted in a pod: client-node's (and client-go's) in-cluster check. */
export const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** The cluster's CA, mounted beside the token (from the namespace's kube-root-ca.crt ConfigMap). */
export const IN_CLUSTER_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/** Where the connection settings came from: a kubeconfig file, or the pod's ServiceAccount. */
export type KubeconfigOrigin = 'kubeconfig' | 'in-cluster';

export interface KubeconfigSources {
  /** The kubeconfig option: this file only. */
  file?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Injectable for tests; default: the real file system. */
  exists?: (path: string) => boolean;
}

/**
 * Loads the kubeconfig as kubectl finds it: the given file, else every file of the `KUBECONFIG` list
 * that exists (kubectl skips missing ones and fails only when none exists), else `~/.kube/config`, else
 * the in-cluster ServiceAccount. Where client-node would fall back to `http://localhost:8080` (nothing
 * found), this says what it looked at.
 *
 * In a pod, as client-go's `InClusterConfig`: the API server is KUBERNETES_SERVICE_HOST and
 * KUBERNETES_SERVICE_PORT (both must be set), the bearer token and CA are the files the kubelet mounts.
 * The token is read again a minute after it was last read (client-node's token-file provider, as
 * client-go), so a long-running process follows the kubelet's rotation of a projected token.
 */
export function loadKubeconfig(config: KubeConfig, sources: KubeconfigSources): KubeconfigOrigin {
  const exists = sources.exists ?? existsSync;
  if (sources.file) {
    readFile(config, sources.file);
    return 'kubeconfig';
  }
  const looked: string[] = [];
  const list = (sources.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (list.length > 0) {
    const found = list.filter((file) => exists(file));
    if (found.length > 0) {
      readFile(config, found[0]!);
      for (const file of found.slice(1)) {
        const more = new (config.constructor as new () => KubeConfig)();
        readFile(more, file);
        // As kubectl: the first file that sets current-context wins.
        config.mergeConfig(more, Boolean(config.currentContext));
      }
      return 'kubeconfig';
    }
    looked.push(
      `KUBECONFIG (${list.join(delimiter)}: ${list.length === 1 ? 'no such file' : 'none exists'})`,
    );
  } else {
    const home = sources.env.HOME;
    if (home) {
      const file = join(home, '.kube', 'config');
      if (exists(file)) {
        readFile(config, file);
        return 'kubeconfig';
      }
      looked.push(file);
    } else {
      looked.push('~/.kube/config (HOME is not set)');
    }
  }
  const serviceSet = Boolean(sources.env.KUBERNETES_SERVICE_HOST && sources.env.KUBERNETES_SERVICE_PORT);
  const tokenFound = exists(IN_CLUSTER_TOKEN);
  if (serviceSet && tokenFound) {
    // client-node reads the same two variables from process.env, which is where sources.env comes from
    // outside of tests.
    config.loadFromCluster();
    return 'in-cluster';
  }
  looked.push(
    `the in-cluster ServiceAccount (${
      tokenFound
        ? `${IN_CLUSTER_TOKEN} exists, but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set`
        : serviceSet
          ? `KUBERNETES_SERVICE_HOST is set, but ${IN_CLUSTER_TOKEN} does not exist`
          : IN_CLUSTER_TOKEN
    })`,
  );
  throw new InvalidInputError(
    'KUBECONFIG_NOT_FOUND',
    `No kubeconfig found; looked at ${looked.join(', ')}.`,
    {
      hint:
        serviceSet && !tokenFound
          ? "In a pod, mount the ServiceAccount's token (automountServiceAccountToken: true, or a projected serviceAccountToken volume at that path); elsewhere, set KUBECONFIG or give the kubeconfig file with {{kubeconfig}}."
          : 'Set KUBECONFIG, or give the kubeconfig file with {{kubeconfig}}.',
      fields: { option: 'kubeconfig' },
    },
  );
}

function readFile(config: KubeConfig, file: string): void {
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new InvalidInputError(
      'KUBECONFIG_INVALID',
      `Could not read the kubeconfig "${file}": ${firstLine(error)}.`,
      {
        hint: 'Pass {{kubeconfig}} FILE or set KUBECONFIG.',
        fields: { option: 'kubeconfig' },
      },
    );
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .replace(/\.$/, '');
}
