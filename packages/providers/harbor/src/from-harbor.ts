import {
  type CredentialProvider,
  InvalidInputError,
  memoize,
  registryHost,
} from '@pull-secret/dockerconfigjson';
import { createOrRotateRobot } from './create-robot.js';
import { harborApi } from './harbor-api.js';
import { checkProjectName, checkRobotLogin, checkRobotName, printable } from './harbor-names.js';

export const HARBOR_AUTH_MODES = ['robot', 'create-robot'] as const;
export type HarborAuth = (typeof HARBOR_AUTH_MODES)[number];

export interface FromHarborInit {
  /** The registry keys to write (`harbor.example.com`, maybe with a path); at least one. */
  registries: readonly string[];
  /** `robot` (default): a robot's name and secret as given. `create-robot`: make or rotate one. */
  auth?: HarborAuth;
  /** Harbor's URL; default `https://` and the registries' host. */
  url?: string;
  /** create-robot: the Harbor user (or system robot) that makes the robot. */
  username?: string;
  /** robot: the robot's secret. create-robot: the password of `username`. */
  password?: string;
  /** create-robot: the project the robot may pull from. */
  project?: string;
  /** robot: the robot's full name as Harbor shows it (`robot$team+ci`). create-robot: the short name (`ci`). */
  robotName?: string;
  /** create-robot: days the robot lives; -1 never expires; default Harbor's own (30 days unless changed). */
  robotDurationDays?: number;
  /** create-robot: push as well as pull. */
  robotPush?: boolean;
  /** Where HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each call to Harbor, in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
  now?: () => Date;
  warn?: (message: string) => void;
}

/**
 * Harbor logins. `robot` returns a robot account's name and secret as given, without a call. `create-robot`
 * signs in to Harbor's API with an administrator's (or a system robot's) credentials and makes a project
 * robot that can pull (and push), or, when it exists, refreshes its secret: a second run rotates. The
 * username is always the robot name Harbor returned. Everything is checked here, before any call.
 */
export function fromHarbor(init: FromHarborInit): CredentialProvider {
  const auth = init.auth ?? 'robot';
  if (!HARBOR_AUTH_MODES.includes(auth)) {
    throw new InvalidInputError('HARBOR_UNKNOWN_AUTH', `"${printable(auth)}" is not a Harbor auth mode.`, {
      hint: `Use one of: ${HARBOR_AUTH_MODES.join(', ')}.`,
      fields: { option: 'harbor-auth' },
    });
  }
  const registries = [...init.registries];
  if (registries.length === 0) {
    throw new InvalidInputError(
      'HARBOR_NO_REGISTRY',
      'The harbor provider needs the registry to log in to.',
      {
        hint: 'Name it with {{registry}}, e.g. harbor.example.com.',
        fields: { option: 'registry' },
      },
    );
  }
  const url = harborUrl(init.url, registries);
  if (auth === 'robot') return givenRobot(init, registries);

  const username = init.username ?? '';
  const password = init.password ?? '';
  const project = init.project ?? '';
  const robotName = init.robotName ?? '';
  if (username === '' || password === '') {
    throw new InvalidInputError(
      'HARBOR_NO_ADMIN',
      'Harbor create-robot mode needs the login of a user or system robot that may create robot accounts.',
      {
        hint: 'Set {{harbor-username}}, and its password with {{harbor-password-file}} or HARBOR_PASSWORD.',
        fields: { option: username === '' ? 'harbor-username' : 'harbor-password' },
      },
    );
  }
  if (project === '') {
    throw new InvalidInputError(
      'HARBOR_NO_PROJECT',
      'Harbor create-robot mode needs the project to pull from.',
      {
        hint: 'Set {{harbor-project}}: the first path part of the images, as in HOST/PROJECT/REPOSITORY.',
        fields: { option: 'harbor-project' },
      },
    );
  }
  checkProjectName(project);
  if (robotName === '') {
    throw new InvalidInputError(
      'HARBOR_NO_ROBOT_NAME',
      'Harbor create-robot mode needs a name for the robot.',
      {
        hint: 'Set {{harbor-robot-name}}, e.g. k8s-pull: Harbor names it robot$PROJECT+k8s-pull.',
        fields: { option: 'harbor-robot-name' },
      },
    );
  }
  checkRobotName(robotName);
  const durationDays = init.robotDurationDays;
  if (
    durationDays !== undefined &&
    !(Number.isInteger(durationDays) && (durationDays === -1 || (durationDays > 0 && durationDays < 2 ** 31)))
  ) {
    throw durationError(String(durationDays));
  }

  // Memoized: one robot made (or rotated) per process until half its lifetime is gone.
  return memoize(async ({ signal } = {}) => {
    const api = harborApi({
      url,
      username,
      password,
      env: init.env ?? process.env,
      timeoutMs: init.timeoutMs,
      signal,
    });
    try {
      const robot = await createOrRotateRobot(api, {
        project,
        name: robotName,
        durationDays,
        push: init.robotPush === true,
        username,
        now: init.now ?? (() => new Date()),
        warn: init.warn,
      });
      return registries.map((registry) => ({
        registry,
        username: robot.name,
        password: robot.secret,
        ...(robot.expiresAt ? { expiresAt: robot.expiresAt } : {}),
      }));
    } finally {
      await api.close().catch(() => {});
    }
  });
}

function givenRobot(init: FromHarborInit, registries: string[]): CredentialProvider {
  const createOnly = (
    [
      ['harbor-username', init.username],
      ['harbor-project', init.project],
      ['harbor-robot-duration', init.robotDurationDays],
      ['harbor-robot-push', init.robotPush ? true : undefined],
    ] as const
  ).find(([, value]) => value !== undefined && value !== '');
  if (createOnly) {
    throw new InvalidInputError(
      'HARBOR_OPTION_FOR_CREATE',
      `{{${createOnly[0]}}} is for {{harbor-auth}} create-robot; robot mode takes a robot's name and secret as they are.`,
      {
        hint: 'Remove it, or set {{harbor-auth}} create-robot to have the robot made.',
        fields: { option: createOnly[0] },
      },
    );
  }
  const name = init.robotName ?? '';
  const secret = init.password ?? '';
  if (name === '' || secret === '') {
    throw new InvalidInputError(
      'HARBOR_NO_ROBOT',
      "Harbor robot mode needs the robot's full name and its secret.",
      {
        hint: 'Set {{harbor-robot-name}} (as Harbor shows it, e.g. robot$team+ci-pull, in single quotes in a shell) and the secret with {{harbor-password-file}} or HARBOR_PASSWORD.',
        fields: { option: name === '' ? 'harbor-robot-name' : 'harbor-password' },
      },
    );
  }
  checkRobotLogin(name);
  return async () => registries.map((registry) => ({ registry, username: name, password: secret }));
}

/** The API's base URL: the one given, or HTTPS on the registries' one host. */
function harborUrl(given: string | undefined, registries: readonly string[]): string {
  if (given === undefined || given === '') {
    const hosts = new Set(registries.map((registry) => registryHost(registry)));
    if (hosts.size > 1) {
      throw new InvalidInputError(
        'HARBOR_URL_AMBIGUOUS',
        'The registries are on different hosts, so Harbor’s URL is not clear.',
        {
          hint: 'Set {{harbor-url}}, or make one Secret per Harbor.',
          fields: { option: 'harbor-url' },
        },
      );
    }
    return `https://${[...hosts][0]}`;
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    url = new URL('invalid:');
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new InvalidInputError('HARBOR_URL_INVALID', `"${printable(given)}" is not a Harbor URL.`, {
      hint: 'Give {{harbor-url}} as https://HOST[:PORT], without user info or query.',
      fields: { option: 'harbor-url' },
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The `harbor-robot-duration` option's text as days. */
export function parseRobotDuration(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^(-1|[1-9][0-9]{0,9})$/.test(text.trim()) || Number(text) >= 2 ** 31) throw durationError(text);
  return Number(text);
}

function durationError(text: string): InvalidInputError {
  return new InvalidInputError('HARBOR_DURATION_INVALID', `"${printable(text)}" is not a robot lifetime.`, {
    hint: 'Give {{harbor-robot-duration}} in whole days (30), or -1 for a robot that never expires.',
    fields: { option: 'harbor-robot-duration' },
  });
}
