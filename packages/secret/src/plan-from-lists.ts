import { KubeApiError } from './kube-api-error.js';
import type { NamespaceTargets } from './resolve-namespaces.js';

/** Up to this many namespaces named one by one are read one by one; more are listed. */
export const LISTED_NAMESPACES_LIMIT = 4;

/** Whether one cluster-wide list answers the reads of these targets more cheaply than a GET each. */
export function plansFromLists(targets: NamespaceTargets, namespaceCount: number): boolean {
  return (
    Boolean(targets.allNamespaces || targets.namespaceSelector) || namespaceCount > LISTED_NAMESPACES_LIMIT
  );
}

/** What a list found, per namespace; a namespace it does not hold had no such object. */
export type Listed<T> = ReadonlyMap<string, T>;

/**
 * Lists objects called one name in every namespace at once and files them by namespace. When the
 * identity may not list cluster-wide (403), says so once through `warn` and gives undefined, and the
 * writer reads each namespace instead; after one refusal no further list is tried.
 */
export class ListPlanner {
  #refused = false;

  constructor(private readonly warn: (message: string) => void) {}

  async byNamespace<T extends { metadata: { namespace?: string } }>(
    what: string,
    list: () => Promise<T[]>,
  ): Promise<Listed<T> | undefined> {
    if (this.#refused) return undefined;
    try {
      const items = await list();
      return new Map(items.map((item) => [item.metadata.namespace ?? '', item]));
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.status !== 403) throw error;
      this.#refused = true;
      this.warn(`may not list ${what} in all namespaces (403 Forbidden): reading each namespace instead`);
      return undefined;
    }
  }
}
