import { InvalidInputError, showUntrustedClipped } from '@pull-secret/dockerconfigjson';

/** Harbor's own rule for robot and project names: lowercase letters and digits, `.` `_` `-` between them. */
const HARBOR_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 255;

/** Outside text in a message: escaped, and cut at 60 characters. */
export const printable = (text: string): string => showUntrustedClipped(text, 60);

/** The name of a robot to create, as Harbor's API takes it (without `robot$` and the project). */
export function checkRobotName(name: string): void {
  if (name.length <= MAX_NAME_LENGTH && HARBOR_NAME.test(name)) return;
  const prefixed = /[$+]/.test(name);
  throw new InvalidInputError(
    'HARBOR_ROBOT_NAME_INVALID',
    `"${printable(name)}" is not a robot name Harbor accepts.`,
    {
      hint: prefixed
        ? 'Give {{harbor-robot-name}} without the robot$ prefix and the project (ci-pull, not robot$team+ci-pull): Harbor adds them.'
        : 'Harbor robot names are lowercase letters and digits, with . _ - between them: no spaces, no uppercase.',
      fields: { option: 'harbor-robot-name' },
    },
  );
}

export function checkProjectName(project: string): void {
  if (project.length <= MAX_NAME_LENGTH && HARBOR_NAME.test(project)) return;
  throw new InvalidInputError(
    'HARBOR_PROJECT_INVALID',
    `"${printable(project)}" is not a Harbor project name.`,
    {
      hint: 'Project names are lowercase letters and digits, with . _ - between them: the first path part of an image, as in HOST/PROJECT/REPOSITORY.',
      fields: { option: 'harbor-project' },
    },
  );
}

/**
 * The full login of an existing robot (`robot$team+ci-pull`, or another prefix the Harbor admin chose),
 * used as Harbor showed it: only what can never work is refused, before any use.
 */
export function checkRobotLogin(login: string): void {
  const refuse = (message: string, hint: string) => {
    throw new InvalidInputError('HARBOR_ROBOT_NAME_INVALID', message, {
      hint,
      fields: { option: 'harbor-robot-name' },
    });
  };
  if (/[\s:\u0000-\u001f\u007f-\u009f]/.test(login)) {
    refuse(
      `The robot name "${printable(login)}" contains a space, a colon or a control character.`,
      'Copy the robot name exactly as Harbor shows it, such as robot$team+ci-pull.',
    );
  }
  // `robot$team+ci` in double quotes, a Makefile or a CI variable loses `$team`: what is left is `robot+ci`.
  if (/^robot\+|^robot$|\$$/.test(login)) {
    refuse(
      `The robot name "${printable(login)}" has lost the part after its $.`,
      'A shell, Makefile or CI variable expanded $...: quote the name in single quotes, or escape the $ ($$ in GitLab CI and docker-compose).',
    );
  }
  // The part Harbor validated when the robot was made: after the last `+` (project robots) or `$`.
  const own = login.slice(Math.max(login.lastIndexOf('+'), login.lastIndexOf('$')) + 1);
  if (!HARBOR_NAME.test(own)) {
    refuse(
      `"${printable(login)}" is not the name of a Harbor robot account.`,
      'Robot names end in lowercase letters, digits and . _ -; copy it exactly as Harbor shows it, such as robot$team+ci-pull.',
    );
  }
}
