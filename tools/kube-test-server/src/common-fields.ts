import type { Shape } from './object-shape.js';
import type { TableColumn } from './resource-definition.js';
import type { MergeLists } from './strategic-merge-patch.js';

// What every kind shares: the type fields' shape, metadata's merge lists, and table column helpers.

export const TYPE_META: Record<string, Shape> = { kind: 'string', apiVersion: 'string' };

/** ObjectMeta's `patchStrategy:"merge"` lists (finalizers is a set, ownerReferences merges by uid). */
export const METADATA_MERGE_LISTS: MergeLists = {
  'metadata.finalizers': {},
  'metadata.ownerReferences': { mergeKey: 'uid' },
};

export function column(name: string, type: string, description: string, format = ''): TableColumn {
  return { name, type, format, description, priority: 0 };
}
