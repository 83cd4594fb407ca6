import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type AwsTestServer, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import { resolveProviderOptions } from '@pull-secret/dockerconfigjson';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ecrPlugin } from '../src/ecr-plugin.js';
import { ecrPublicPlugin } from '../src/ecr-public-plugin.js';
import { stubAwsEnv } from './aws-test-env.js';

const ROLE = 'arn:aws:iam::444455556666:role/gha-pull';
const OIDC_TOKEN = 'CANARY-oidc-token-for-plugin-test';

let server: AwsTestServer;
beforeAll(async () => {
  server = await startAwsTestServer({ roles: [{ roleArn: ROLE, webIdentityToken: OIDC_TOKEN }] });
});
afterAll(() => server.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('plugin descriptors', () => {
  it('detect their hosts', () => {
    expect(ecrPlugin.matches('111122223333.dkr.ecr.us-east-1.amazonaws.com')).toBe(true);
    expect(ecrPlugin.matches('111122223333.dkr-ecr.us-east-1.on.aws')).toBe(true);
    expect(ecrPlugin.matches('public.ecr.aws')).toBe(false);
    expect(ecrPlugin.matches('ghcr.io')).toBe(false);
    expect(ecrPublicPlugin.matches('public.ecr.aws')).toBe(true);
    expect(ecrPublicPlugin.matches('111122223333.dkr.ecr.us-east-1.amazonaws.com')).toBe(false);
    expect([ecrPlugin.name, ecrPublicPlugin.name]).toEqual(['ecr', 'ecr-public']);
  });

  it('read their options from the AWS variables, and mark none secret', () => {
    const options = resolveProviderOptions(
      ecrPlugin,
      {},
      { AWS_DEFAULT_REGION: 'eu-north-1', AWS_ROLE_ARN: ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' },
    );
    expect(options).toEqual({
      'aws-region': 'eu-north-1',
      'aws-role-arn': ROLE,
      'aws-role-session-name': 'pull-secret',
      'aws-web-identity-token-file': '/var/run/token',
    });
    expect(ecrPlugin.options.every((option) => option.name.startsWith('aws-') && !option.secret)).toBe(true);
  });

  it('assume the role with the caller’s OIDC token for audience sts.amazonaws.com', async () => {
    stubAwsEnv(server, { keys: false });
    const audiences: string[] = [];
    const provider = ecrPlugin.create({
      registries: ['444455556666.dkr.ecr.us-east-1.amazonaws.com'],
      options: resolveProviderOptions(ecrPlugin, { 'aws-role-arn': ROLE }, {}),
      env: {},
      idToken: async (audience) => {
        audiences.push(audience);
        return OIDC_TOKEN;
      },
    });
    expect(audiences).toEqual([]);
    const [credential] = await provider();
    expect(credential).toMatchObject({
      registry: '444455556666.dkr.ecr.us-east-1.amazonaws.com',
      username: 'AWS',
    });
    expect(audiences).toEqual(['sts.amazonaws.com']);
    expect(server.requests.map((entry) => entry.action)).toEqual([
      'sts:AssumeRoleWithWebIdentity',
      'ecr:GetAuthorizationToken',
    ]);
    expect(JSON.stringify(server.requests)).not.toContain('CANARY');
  });

  it('ecr-public defaults to public.ecr.aws', async () => {
    stubAwsEnv(server, { keys: false });
    const provider = ecrPublicPlugin.create({
      registries: [],
      options: resolveProviderOptions(ecrPublicPlugin, { 'aws-role-arn': ROLE }, {}),
      env: {},
      idToken: async () => OIDC_TOKEN,
    });
    expect((await provider()).map((c) => c.registry)).toEqual(['public.ecr.aws']);
  });

  it('importing the package loads no AWS SDK module until a provider is called', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
      const { ecrPlugin } = await import(${JSON.stringify(dist)});
      ecrPlugin.create({ registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'], options: {}, env: {} });
      console.log(JSON.stringify(seen.filter((s) => s.includes('@aws-sdk') || s.includes('@smithy'))));
    `;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], (error, out) =>
        error ? reject(error) : resolve(out),
      ),
    );
    expect(JSON.parse(stdout)).toEqual([]);
  });
});
