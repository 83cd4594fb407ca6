import { detectProvider } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { pluginContext } from '../test/plugin-context.js';
import { quayPlugin } from './quay-plugin.js';

const TOKEN = 'CANARYQUAYROBOTTOKEN0123456789';

const context = (options: Record<string, string>, env?: Record<string, string>) =>
  pluginContext(quayPlugin, options, env).built;

describe('quayPlugin', () => {
  it('serves quay.io', () => {
    expect(detectProvider([quayPlugin], 'quay.io')).toBe(quayPlugin);
    expect(detectProvider([quayPlugin], 'quay.example.com')).toBeUndefined();
  });

  it('logs in as ORG+NAME with the token from QUAY_ROBOT_TOKEN', async () => {
    const provider = quayPlugin.create(
      context({ 'quay-robot': 'acme+deployer' }, { QUAY_ROBOT_TOKEN: TOKEN }),
    );
    expect(await provider()).toEqual([{ registry: 'quay.io', username: 'acme+deployer', password: TOKEN }]);
  });

  it.each(['deployer', 'Acme+Deployer', 'acme+deploy er', 'acme+1bot', '+bot', 'acme+'])(
    'refuses the robot name %j before any use, with a hint',
    (robot) => {
      expect(() => quayPlugin.create(context({ 'quay-robot': robot, 'quay-robot-token': TOKEN }))).toThrow(
        expect.objectContaining({
          code: 'QUAY_ROBOT_INVALID',
          message: `${JSON.stringify(robot)} is not a Quay robot account name (ORG+NAME, lowercase).`,
          hint: expect.stringContaining('acme+deployer'),
        }),
      );
    },
  );
});
