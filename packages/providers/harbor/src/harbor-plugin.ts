import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { fromHarbor, HARBOR_AUTH_MODES, type HarborAuth, parseRobotDuration } from './from-harbor.js';

/** The `harbor` provider for the CLI and the Action. Any host may be a Harbor, so it is never auto-detected. */
export const harborPlugin: ProviderPlugin = {
  name: 'harbor',
  description:
    'Harbor: a robot account as given, or one created through the Harbor API (and rotated when run again).',
  matches: () => false,
  options: [
    {
      name: 'harbor-auth',
      description:
        "robot: a robot account's name and secret, used as they are. create-robot: an administrator's login makes a project robot that can pull, or refreshes its secret when it exists.",
      choices: HARBOR_AUTH_MODES,
      default: 'robot',
    },
    { name: 'harbor-url', description: "Harbor's URL; default https:// and the registry host." },
    {
      name: 'harbor-username',
      description:
        'create-robot: the Harbor user (administrator or Project Admin) or system robot account that creates the robot.',
      env: ['HARBOR_USERNAME'],
    },
    {
      name: 'harbor-password',
      description: "robot: the robot's secret. create-robot: the password of the harbor-username.",
      env: ['HARBOR_PASSWORD'],
      secret: true,
    },
    { name: 'harbor-project', description: 'create-robot: the project the robot may pull from.' },
    {
      name: 'harbor-robot-name',
      description:
        "robot: the robot's full name as Harbor shows it (robot$project+name). create-robot: the new robot's name (lowercase, digits, . _ -); Harbor adds robot$ and the project.",
    },
    {
      name: 'harbor-robot-duration',
      description:
        "create-robot: the robot's lifetime in days, -1 for never; default Harbor's own (30 days).",
    },
    {
      name: 'harbor-robot-push',
      description: 'create-robot: let the robot push as well as pull (BinderHub builds).',
      choices: ['true', 'false'],
      default: 'false',
      boolean: true,
    },
  ],
  create: ({ registries, options, env, timeoutMs, warn }) =>
    fromHarbor({
      registries,
      auth: options['harbor-auth'] as HarborAuth | undefined,
      url: options['harbor-url'],
      username: options['harbor-username'],
      password: options['harbor-password'],
      project: options['harbor-project'],
      robotName: options['harbor-robot-name'],
      robotDurationDays: parseRobotDuration(options['harbor-robot-duration']),
      robotPush: options['harbor-robot-push'] === 'true',
      env,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(warn ? { warn } : {}),
    }),
};
