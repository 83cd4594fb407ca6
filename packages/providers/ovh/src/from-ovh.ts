import {
  type CredentialProvider,
  InvalidInputError,
  PullSecretError,
  parseRegistryKey,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { type OvhAuth, ovhApi } from './ovh-api.js';
import { ovhEndpoint } from './ovh-endpoint.js';

export interface FromOvhInit {
  /** `ovh-eu` (default), `ovh-ca`, `ovh-us`, or an https:// URL of the API. */
  endpoint?: string;
  auth: OvhAuth;
  /** The Public Cloud project id (`serviceName`). */
  project: string;
  /** The registry's id in the project; without it, the registry whose URL has the host asked for. */
  registryId?: string;
  /** The registry asked for (`xxxx.c1.gra9.container-registry.ovh.net`), the credential's key. */
  registries?: readonly string[];
  /** The registry user to create. */
  userLogin: string;
  /** Its email (default `<login>@users.noreply.invalid`: the registry wants one, nobody reads it). */
  userEmail?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** Told once the user is made: its password exists only in the credential returned. */
  warn?: (message: string) => void;
  now?: () => number;
}

interface OvhRegistry {
  id?: unknown;
  url?: unknown;
}

/** Harbor's user names: no spaces, no `,"~#%$`; OVH adds nothing to that. */
const USER_LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * A new user of an OVHcloud Managed Private Registry, made through OVH's API: the registry's URL from
 * `GET /cloud/project/{project}/containerRegistry/{id}`, then `POST …/users {email, login}`, whose
 * answer holds the user's password, shown by OVH this once. Each call makes another user.
 */
export function fromOvh(init: FromOvhInit): CredentialProvider {
  const endpoint = ovhEndpoint(init.endpoint ?? 'ovh-eu');
  if (!USER_LOGIN.test(init.userLogin)) {
    throw new InvalidInputError(
      'OVH_USER_LOGIN_INVALID',
      `${JSON.stringify(init.userLogin)} is not a registry user login (letters, digits, ".", "_", "-").`,
      { hint: 'Choose {{ovh-user-login}} such as ci-puller.', fields: { option: 'ovh-user-login' } },
    );
  }
  const asked = init.registries?.[0];
  const project = encodeURIComponent(init.project);
  return async (options) => {
    const api = ovhApi({
      endpoint,
      auth: init.auth,
      env: init.env ?? process.env,
      ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(init.now ? { now: init.now } : {}),
    });
    try {
      const registry = await findRegistry(api, project, init.registryId, asked);
      const created = (await api.call(
        'POST',
        `/cloud/project/${project}/containerRegistry/${encodeURIComponent(String(registry.id))}/users`,
        { email: init.userEmail ?? `${init.userLogin}@users.noreply.invalid`, login: init.userLogin },
      )) as { user?: unknown; password?: unknown };
      if (
        typeof created.user !== 'string' ||
        typeof created.password !== 'string' ||
        created.password === ''
      ) {
        throw new PullSecretError(
          'OVH_BAD_RESPONSE',
          'OVH created the registry user but sent no login and password.',
          {
            hint: 'Delete the user in the OVHcloud Control Panel and retry.',
          },
        );
      }
      const credential: RegistryCredential = {
        registry: asked ?? registryHostOf(registry),
        username: created.user,
        password: created.password,
      };
      init.warn?.(
        `OVH shows the password of registry user ${JSON.stringify(created.user)} only once: it is in the Secret and nowhere else, never printed; keep the Secret, or make another user.`,
      );
      return [credential];
    } finally {
      await api.close().catch(() => {});
    }
  };
}

async function findRegistry(
  api: ReturnType<typeof ovhApi>,
  project: string,
  registryId: string | undefined,
  asked: string | undefined,
): Promise<OvhRegistry> {
  if (registryId !== undefined) {
    const registry = (await api.call(
      'GET',
      `/cloud/project/${project}/containerRegistry/${encodeURIComponent(registryId)}`,
    )) as OvhRegistry;
    const host = registryHostOf(registry);
    if (asked !== undefined && parseRegistryKey(asked).host !== host) {
      throw new InvalidInputError(
        'OVH_REGISTRY_MISMATCH',
        `The OVH registry ${JSON.stringify(registryId)} is ${host}, not ${parseRegistryKey(asked).host}.`,
        {
          hint: 'Give the {{registry}} of that registry, or leave it out.',
          fields: { option: 'ovh-registry-id' },
        },
      );
    }
    return registry;
  }
  if (asked === undefined) {
    throw new InvalidInputError(
      'OVH_REGISTRY_UNKNOWN',
      'The ovh provider needs a registry to make a user on.',
      {
        hint: 'Give {{ovh-registry-id}}, or the registry host as {{registry}}.',
        fields: { option: 'ovh-registry-id' },
      },
    );
  }
  const host = parseRegistryKey(asked).host;
  const list = await api.call('GET', `/cloud/project/${project}/containerRegistry`);
  const found = (Array.isArray(list) ? (list as OvhRegistry[]) : []).find(
    (registry) => typeof registry.url === 'string' && registryHostOf(registry) === host,
  );
  if (!found) {
    throw new PullSecretError('OVH_REGISTRY_NOT_FOUND', `The OVH project has no registry at ${host}.`, {
      hint: 'Check {{ovh-project}}, or give {{ovh-registry-id}} (OVHcloud Control Panel → Managed Private Registry).',
    });
  }
  return found;
}

function registryHostOf(registry: OvhRegistry): string {
  try {
    return new URL(String(registry.url)).host;
  } catch {
    throw new PullSecretError('OVH_BAD_RESPONSE', 'OVH described the registry without a URL.', {
      hint: 'Check {{ovh-registry-id}}; a registry still being created has no URL yet.',
    });
  }
}
