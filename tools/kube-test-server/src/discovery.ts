import type { ResourceDefinition } from './resource-definition.js';
import { RESOURCES } from './resources.js';

// Discovery documents, in the legacy (unaggregated) form. kubectl 1.32 first asks for aggregated
// discovery (Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, ...,
// application/json); a plain application/json answer tells it the server predates aggregation, and it
// falls back to /api, /apis and /api/v1, as it does against clusters before 1.26.

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };

export const CORE_V1_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: Object.values(RESOURCES).map((resource: ResourceDefinition) => {
    const entry: Record<string, unknown> = {
      name: resource.name,
      singularName: resource.singularName,
      namespaced: resource.namespaced,
      kind: resource.kind,
      verbs: VERBS,
    };
    if (resource.shortNames.length > 0) entry.shortNames = resource.shortNames;
    return entry;
  }),
};
