import {
  type CredentialProvider,
  DOCKER_HUB_KEY,
  InvalidInputError,
  staticProvider,
} from '@pull-secret/dockerconfigjson';

export interface FromDockerHubInit {
  /** A Docker ID, or an organisation name for an organisation access token. */
  username: string;
  /** A personal access token (`dckr_pat_…`) or organisation access token (`dckr_oat_…`). */
  token: string;
  /** Told when the token looks like an account password. */
  warn?: (message: string) => void;
}

/** Docker Hub's access token prefixes: personal and organisation. */
const TOKEN_PREFIXES = ['dckr_pat_', 'dckr_oat_'];

/**
 * A Docker Hub login under `https://index.docker.io/v1/`, the one key kubelet and Docker both use for
 * Docker Hub whatever name the images are pulled by (`nginx`, `docker.io/…`, `index.docker.io/…`).
 * Nothing is fetched: Docker Hub checks the token when `--verify` asks.
 */
export function fromDockerHub(init: FromDockerHubInit): CredentialProvider {
  const username = init.username.trim();
  // Docker IDs and organisation names are letters and digits; an email address is not a Docker ID, and
  // a colon would split the login where kubelet reads it.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(username)) {
    throw new InvalidInputError(
      'DOCKERHUB_USERNAME_INVALID',
      `${JSON.stringify(username)} is not a Docker ID or organisation name.`,
      {
        hint: 'Give the Docker ID (not the email address) in {{dockerhub-username}}, or the organisation name for an organisation access token.',
        fields: { option: 'dockerhub-username' },
      },
    );
  }
  if (!TOKEN_PREFIXES.some((prefix) => init.token.startsWith(prefix))) {
    init.warn?.(
      'The Docker Hub token is not an access token (dckr_pat_… or dckr_oat_…): accounts with two-factor authentication or SSO refuse their password, and a password in a Secret opens the whole account. Create a personal access token with Read-only scope.',
    );
  }
  return staticProvider({ registry: DOCKER_HUB_KEY, username, password: init.token });
}
