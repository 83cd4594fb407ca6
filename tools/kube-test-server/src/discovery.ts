import type { ResourceDefinition } from './resource-definition.js';
import { RESOURCES } from './resources.js';

// Discovery documents, in the legacy (unaggregated) form. kubectl 1.32 first asks for aggregated
// discovery (Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, ...,
// application/json); a plain application/json answer tells it the server predates aggregation, and it
// falls back to /api, /apis, /api/v1 and /apis/GROUP/VERSION, as it does against clusters before 1.26.

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

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

/** The resources of one group version ('' and 'v1' for the core group), keyed by their URL name. */
export function resourcesOf(group: string, version: string): Map<string, ResourceDefinition> {
  const groupVersion = group === '' ? version : `${group}/${version}`;
  return new Map(
    Object.values(RESOURCES)
      .filter((resource) => resource.apiVersion === groupVersion)
      .map((resource) => [resource.name, resource]),
  );
}

/** The named API groups, each with its one version. */
const GROUPS = [
  ...new Set(
    Object.values(RESOURCES)
      .map((resource) => resource.group)
      .filter(Boolean),
  ),
].sort();

function groupDocument(group: string): Record<string, unknown> {
  const version = { groupVersion: `${group}/v1`, version: 'v1' };
  return { name: group, versions: [version], preferredVersion: version };
}

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(groupDocument) };

/** /apis/GROUP, or undefined for a group the server does not serve. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  return GROUPS.includes(group) ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group) } : undefined;
}

function resourceList(group: string, version: string): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    ...(group === '' ? {} : { apiVersion: 'v1' }),
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: [...resourcesOf(group, version).values()].map((resource) => {
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
}

export const CORE_V1_RESOURCES = resourceList('', 'v1');

/** /apis/GROUP/VERSION, or undefined when it is not served. */
export function groupResources(group: string, version: string): Record<string, unknown> | undefined {
  return GROUPS.includes(group) && version === 'v1' ? resourceList(group, version) : undefined;
}
