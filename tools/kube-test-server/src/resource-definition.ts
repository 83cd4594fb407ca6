import type { JsonObject } from './json.js';
import type { Shape } from './object-shape.js';
import type { FieldError } from './status.js';
import type { MergeLists } from './strategic-merge-patch.js';

export type ResourceName = 'namespaces' | 'secrets' | 'serviceaccounts' | 'configmaps' | 'leases';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** An object as the server stores and returns it: kind, apiVersion, metadata, then the kind's fields. */
export type KubeObject = JsonObject & { kind?: string; apiVersion?: string; metadata: ObjectMeta };

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** What the server knows about one resource: discovery, decoding, defaults, validation, printing. */
export interface ResourceDefinition {
  name: ResourceName;
  singularName: string;
  kind: string;
  listKind: string;
  /** The API group: '' for the core group. */
  group: string;
  /** apiVersion of the objects: 'v1', or 'group/version'. */
  apiVersion: string;
  namespaced: boolean;
  shortNames: string[];
  /** The whole object's shape, for decoding errors and unknown fields. */
  shape: Shape;
  /** Lists a strategic merge patch merges instead of replacing. */
  mergeLists: MergeLists;
  /** Field selectors the resource supports, and how to read each field. */
  fieldLabels: Record<string, (object: KubeObject) => string>;
  /** Table columns after Name, as `kubectl get` prints them, and the cells of one object. */
  columns: TableColumn[];
  cells(object: KubeObject, now: number): unknown[];
  /**
   * The fields after metadata, in Go's field order, with defaults filled in and write-only input
   * (Secret stringData) folded into what is stored. `existing` is set on update.
   */
  prepareBody(candidate: JsonObject, existing: KubeObject | undefined): JsonObject;
  /** Adjusts metadata the API server sets itself (the namespace name label). */
  adjustMetadata?(metadata: ObjectMeta): void;
  validateName(name: string): string | undefined;
  /** Errors in the kind's own fields, and on update the fields that may not change. */
  validate(object: KubeObject, existing: KubeObject | undefined): FieldError[];
}
