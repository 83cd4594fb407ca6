import { InvalidInputError } from '@pull-secret/dockerconfigjson';

/** OVH's API regions, as its own SDKs name them. */
export const OVH_ENDPOINTS: Readonly<Record<string, string>> = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
};

/** Where each region's OAuth2 service accounts get their tokens. */
const OAUTH2_TOKEN_URLS: Readonly<Record<string, string>> = {
  'ovh-eu': 'https://www.ovh.com/auth/oauth2/token',
  'ovh-ca': 'https://ca.ovh.com/auth/oauth2/token',
  'ovh-us': 'https://us.ovhcloud.com/auth/oauth2/token',
};

export interface OvhEndpoint {
  /** The API base, without a trailing slash: `https://eu.api.ovh.com/1.0`. */
  api: string;
  /** The OAuth2 token URL of that region (for a URL endpoint: `/auth/oauth2/token` at its origin). */
  tokenUrl: string;
}

/**
 * `ovh-eu`, `ovh-ca`, `ovh-us`, or an https:// URL of an API (a test server, a proxy). Anything else
 * is refused before any call: a typo must not send signed requests to a host nobody meant.
 */
export function ovhEndpoint(value: string): OvhEndpoint {
  const named = OVH_ENDPOINTS[value];
  if (named !== undefined) return { api: named, tokenUrl: OAUTH2_TOKEN_URLS[value]! };
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '') {
    const [near] = Object.keys(OVH_ENDPOINTS)
      .map((name) => ({ name, distance: editDistance(name, value.toLowerCase()) }))
      .filter(({ distance }) => distance <= 2)
      .sort((a, b) => a.distance - b.distance)
      .map(({ name }) => name);
    throw new InvalidInputError(
      'OVH_ENDPOINT_INVALID',
      `{{ovh-endpoint}} must be ovh-eu, ovh-ca, ovh-us or an https:// URL, not ${JSON.stringify(value)}.`,
      {
        hint: near
          ? `Did you mean ${near}?`
          : 'Use ovh-eu, ovh-ca or ovh-us (the region of your OVHcloud account).',
        fields: { option: 'ovh-endpoint' },
      },
    );
  }
  return { api: url.href.replace(/\/+$/, ''), tokenUrl: `${url.origin}/auth/oauth2/token` };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
