import {
  type CredentialProvider,
  InvalidInputError,
  type RegistryCredential,
  staticProvider,
} from '@pull-secret/dockerconfigjson';

export interface PresetLoginInit {
  /** The registries asked for; empty means the preset's own host. */
  registries: readonly string[];
  defaultRegistry: string;
  username: string;
  password: string;
  /** The option the username came from, to name in an error. */
  usernameOption: string;
}

/**
 * A preset's login: the given username and token under each registry key, or under the preset's own
 * host when none is named. Nothing is fetched; the registry checks it when `--verify` asks.
 */
export function presetLogin(init: PresetLoginInit): CredentialProvider {
  // kubelet splits "username:password" at the first colon.
  if (init.username.includes(':')) {
    throw new InvalidInputError(
      'USERNAME_HAS_COLON',
      'The username contains ":", so kubelet would read part of it as the password.',
      { hint: `Check {{${init.usernameOption}}}.`, fields: { option: init.usernameOption } },
    );
  }
  const registries = init.registries.length > 0 ? init.registries : [init.defaultRegistry];
  const credentials: RegistryCredential[] = registries.map((registry) => ({
    registry,
    username: init.username,
    password: init.password,
  }));
  return staticProvider(credentials);
}
