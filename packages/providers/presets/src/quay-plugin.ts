import { InvalidInputError, type ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { presetLogin } from './preset-login.js';

export const QUAY_HOST = 'quay.io';

/** ORG+NAME: Quay's robot names are lowercase, start with a letter, and carry their namespace. */
const ROBOT_NAME = /^[a-z0-9][a-z0-9._-]*\+[a-z][a-z0-9_]*$/;

/** Quay.io robot accounts. */
export const quayPlugin: ProviderPlugin = {
  name: 'quay',
  description: 'Quay.io (and Red Hat Quay): a robot account ORG+NAME and its token.',
  matches: (host) => host === QUAY_HOST,
  options: [
    {
      name: 'quay-robot',
      description: 'The robot account, ORG+NAME (or USER+NAME), exactly as Quay shows it.',
      env: ['QUAY_ROBOT'],
      required: true,
    },
    {
      name: 'quay-robot-token',
      description: "The robot's token.",
      env: ['QUAY_ROBOT_TOKEN'],
      secret: true,
      required: true,
    },
  ],
  refusedHint:
    "Quay robots log in as ORG+NAME with the robot's token and need Read on the repository (the repository's permissions, or a default permission of the organisation); a regenerated token replaces the old one. Check {{quay-robot}} and {{quay-robot-token}}.",
  create: (context) => {
    const robot = context.options['quay-robot']!;
    if (!ROBOT_NAME.test(robot)) {
      throw new InvalidInputError(
        'QUAY_ROBOT_INVALID',
        `${JSON.stringify(robot)} is not a Quay robot account name (ORG+NAME, lowercase).`,
        {
          hint: 'Copy the name from the robot account page (e.g. acme+deployer); for a user login choose {{provider}} static.',
          fields: { option: 'quay-robot' },
        },
      );
    }
    return presetLogin({
      registries: context.registries,
      defaultRegistry: QUAY_HOST,
      username: robot,
      password: context.options['quay-robot-token']!,
      usernameOption: 'quay-robot',
    });
  },
};
