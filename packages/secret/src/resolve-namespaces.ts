import { goGlobMatch, InvalidInputError } from '@pull-secret/dockerconfigjson';
import type { KubeApi } from './kube-api.js';
import { validateNamespace } from './names.js';

/** Which namespaces to write to (the options namespaces, all-namespaces, namespace-selector, exclude-namespaces). */
export interface NamespaceTargets {
  /** These namespaces (none: the kubeconfig context's namespace, or `default`). */
  namespaces?: readonly string[];
  /** Every namespace. */
  allNamespaces?: boolean;
  /** Namespaces whose labels match (implies all namespaces). */
  namespaceSelector?: string;
  /** Globs (`kube-*`) of namespaces to leave out. */
  exclude?: readonly string[];
}

export interface ResolvedNamespaces {
  /** Namespaces to write to, in order. */
  namespaces: string[];
  /** Namespaces left out because they are being deleted. */
  terminating: string[];
}

/** Throws on targets that contradict each other; needs no cluster. */
export function validateTargets(targets: NamespaceTargets): void {
  const listed = targets.namespaces?.length ?? 0;
  if (listed > 0 && (targets.allNamespaces || targets.namespaceSelector)) {
    const conflict = targets.allNamespaces ? 'all-namespaces' : 'namespace-selector';
    throw new InvalidInputError(
      'TARGETS_CONFLICT',
      `{{namespaces}} cannot be combined with {{${conflict}}}.`,
      {
        hint: 'Name namespaces with {{namespaces}}, or select them with {{all-namespaces}} or {{namespace-selector}}.',
        fields: { option: 'namespaces', conflictsWith: conflict },
      },
    );
  }
  for (const namespace of targets.namespaces ?? []) validateNamespace(namespace);
}

/**
 * The namespaces named one by one, or `defaultNamespace` when none is: each once, in the order
 * given, without those an exclude glob matches. No cluster is needed.
 */
export function listedNamespaces(targets: NamespaceTargets, defaultNamespace: string): string[] {
  const listed = targets.namespaces?.length ? targets.namespaces : [defaultNamespace];
  return [...new Set(listed)].filter((namespace) => !isExcluded(targets, namespace));
}

function isExcluded(targets: NamespaceTargets, namespace: string): boolean {
  return (targets.exclude ?? []).some((glob) => goGlobMatch(glob, namespace));
}

/**
 * The namespaces the targets name. Namespaces named one by one are taken as given (no extra request); a
 * selection lists namespaces once and leaves out those being deleted.
 */
export async function resolveNamespaces(
  api: KubeApi,
  targets: NamespaceTargets,
): Promise<ResolvedNamespaces> {
  validateTargets(targets);
  if (!targets.allNamespaces && !targets.namespaceSelector) {
    return { namespaces: listedNamespaces(targets, api.defaultNamespace), terminating: [] };
  }
  const all = await api.listNamespaces(targets.namespaceSelector);
  const kept = all.filter((namespace) => !isExcluded(targets, namespace.name));
  return {
    namespaces: kept.filter((namespace) => !namespace.terminating).map((namespace) => namespace.name),
    terminating: kept.filter((namespace) => namespace.terminating).map((namespace) => namespace.name),
  };
}
