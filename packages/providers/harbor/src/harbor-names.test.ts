import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { checkProjectName, checkRobotLogin, checkRobotName } from './harbor-names.js';

const refusal = (check: () => void) => {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).message;
  }
  return undefined;
};

describe('Harbor names', () => {
  it.each(['ci', 'k8s-pull', 'a.b_c-d', '0', 'x'.repeat(255)])('accepts the robot name %s', (name) => {
    expect(refusal(() => checkRobotName(name))).toBeUndefined();
  });

  it.each([
    ['K8sPull', /is not a robot name Harbor accepts/],
    ['k8s pull', /is not a robot name/],
    ['-ci', /is not a robot name/],
    ['ci-', /is not a robot name/],
    ['a..b', /is not a robot name/],
    ['robot$team+ci', /is not a robot name/],
    ['ci\u001b[31m', /ci\\u001b\[31m/],
    ['x'.repeat(256), /is not a robot name/],
  ])('refuses the robot name %j', (name, message) => {
    expect(refusal(() => checkRobotName(name))).toMatch(message);
  });

  it('refuses project names Harbor would', () => {
    expect(refusal(() => checkProjectName('team'))).toBeUndefined();
    expect(refusal(() => checkProjectName('Team'))).toMatch(/is not a Harbor project name/);
    expect(refusal(() => checkProjectName('team/app'))).toMatch(/is not a Harbor project name/);
  });

  it.each(['robot$team+ci', 'robot$ci', 'robot$my.project+k8s-pull', 'custom_team+ci'])(
    'takes the robot login %s as Harbor shows it',
    (login) => {
      expect(refusal(() => checkRobotLogin(login))).toBeUndefined();
    },
  );

  it.each([
    ['robot$team+ci ', /contains a space, a colon or a control character/],
    ['robot$team+c:i', /contains a space, a colon/],
    ['robot+ci', /has lost the part after its \$/],
    ['robot', /has lost the part after its \$/],
    ['robot$', /has lost the part after its \$/],
    ['robot$team+CI', /is not the name of a Harbor robot account/],
  ])('refuses the robot login %j', (login, message) => {
    expect(refusal(() => checkRobotLogin(login))).toMatch(message);
  });
});
