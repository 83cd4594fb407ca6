import { column } from './common-fields.js';
import type { KubeObject, ResourceDefinition } from './resource-definition.js';

// meta.k8s.io/v1 Table: what `kubectl get` asks for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io)
// and prints as it comes, so the columns are the real server's: NAME, the kind's own, AGE. kubectl adds
// the NAMESPACE column itself from each row's object metadata.

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const NAME = column(
  'Name',
  'string',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  'name',
);
const AGE = column(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

export function toTable(
  resource: ResourceDefinition,
  objects: KubeObject[],
  listMetadata: Record<string, unknown>,
  includeObject: IncludeObject,
  now = Date.now(),
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: [NAME, ...resource.columns, AGE],
    rows: objects.map((object) => {
      const row: Record<string, unknown> = {
        cells: [object.metadata.name, ...resource.cells(object, now), age(object, now)],
      };
      if (includeObject === 'Object') row.object = object;
      else if (includeObject === 'Metadata') {
        row.object = {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: object.metadata,
        };
      }
      return row;
    }),
  };
}

function age(object: KubeObject, now: number): string {
  const created = Date.parse(object.metadata.creationTimestamp ?? '');
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created);
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration: "5s", "3m20s", "4h", "2d3h", "400d", "3y20d". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}
