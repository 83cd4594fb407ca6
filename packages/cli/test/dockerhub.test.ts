import {
  findDockerRegistry,
  type RoutingProxy,
  startRoutingProxy,
  startTestRegistry,
  type TestRegistry,
} from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSecretData, expectNoSecret, runCli } from './run-cli.js';

const INSTALLED = Boolean(findDockerRegistry());

// Docker Hub's flow, played by Debian's docker-registry under Docker Hub's names: the registry at
// registry-1.docker.io answers 401 with a Bearer challenge naming realm https://auth.docker.io/token and
// service registry.docker.io; the CLI reaches both names through an HTTPS proxy that routes them here.
describe.skipIf(!INSTALLED)(
  'pull-secret create --provider dockerhub, verified the way Docker Hub works',
  () => {
    let hub: TestRegistry;
    let proxy: RoutingProxy;
    let files: Record<string, string>;
    let env: Record<string, string>;
    beforeAll(async () => {
      hub = await startTestRegistry({
        mode: 'token',
        tlsHosts: ['registry-1.docker.io', 'auth.docker.io'],
        service: 'registry.docker.io',
        realm: 'https://auth.docker.io/token',
      });
      proxy = await startRoutingProxy({
        'registry-1.docker.io:443': hub.host,
        'auth.docker.io:443': hub.tokenIssuerHost!,
      });
      files = { 'ca.pem': hub.caPem! };
      env = { HTTPS_PROXY: proxy.url };
    });
    afterAll(async () => {
      await Promise.all([proxy?.close(), hub?.stop()]);
    });

    const create = (username: string, token: string, ...args: string[]) =>
      runCli(
        [
          'create',
          'hub-pull',
          '--registry',
          'docker.io',
          '--dockerhub-username',
          username,
          '--dockerhub-token-file',
          '-',
          '--verify-ca-file',
          'ca.pem',
          '-o',
          'json',
          ...args,
        ],
        { stdin: token, files, env },
      );

    it('detects Docker Hub from docker.io, proves the pull through auth.docker.io, and keys the login https://index.docker.io/v1/', async () => {
      hub.tokenRequests.length = 0;
      proxy.tunnels.length = 0;
      const run = await create(hub.puller.username, hub.puller.password, '--verify', 'team/app:v1');
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /verify https:\/\/index\.docker\.io\/v1\/: ok: The credentials can pull team\/app:v1 from registry-1\.docker\.io\. \(bearer auth, token valid 300s, sha256:/,
      );
      expect(hub.tokenRequests).toEqual([
        {
          service: 'registry.docker.io',
          scopes: ['repository:team/app:pull'],
          username: hub.puller.username,
        },
      ]);
      expect(new Set(proxy.tunnels)).toEqual(new Set(['registry-1.docker.io:443', 'auth.docker.io:443']));
      expect(JSON.parse(decodeSecretData(run.stdout))).toEqual({
        auths: {
          'https://index.docker.io/v1/': {
            username: hub.puller.username,
            password: hub.puller.password,
            auth: Buffer.from(`${hub.puller.username}:${hub.puller.password}`).toString('base64'),
          },
        },
      });
      const { metadata } = JSON.parse(run.stdout) as { metadata: { annotations: Record<string, string> } };
      expect(metadata.annotations['pull-secret.dev/provider']).toBe('dockerhub');
      // The test registry's password is no dckr_pat_ token: the user hears about 2FA and SSO accounts.
      expect(run.stderr).toMatch(
        /warning: The Docker Hub token is not an access token \(dckr_pat_… or dckr_oat_…\)/,
      );
      expectNoSecret(run.stderr, [hub.puller.password], 'stderr');
    });

    it.each([
      [
        'a wrong token',
        () => ({ username: hub.puller.username, token: 'dckr_pat_CANARY-wrong-token' }),
        'unauthorized',
      ],
      [
        'a token without access',
        () => ({ username: hub.noPull.username, token: hub.noPull.password }),
        'denied',
      ],
    ])('refuses %s with the Docker Hub hint, in flags, and writes nothing', async (_, user, outcome) => {
      const { username, token } = user();
      const run = await create(username, token, '--verify', 'docker.io/team/app:v1');
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`verify https://index.docker.io/v1/: ${outcome}: `);
      expect(run.stderr).toMatch(
        /hint: Docker Hub refuses the password of an account with two-factor authentication or SSO: use a personal access token \(dckr_pat_…, scope Read-only or more\) with the Docker ID as --dockerhub-username, .* Check --dockerhub-token-file,/,
      );
      expectNoSecret(run.stderr, [token], 'stderr');
    });

    it('refuses an email address as the Docker ID before any call, exit 2', async () => {
      proxy.tunnels.length = 0;
      const run = await create('me@example.com', 'dckr_pat_CANARY-x', '--verify', 'team/app:v1');
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(
        /^error: "me@example.com" is not a Docker ID or organisation name\.\nhint: Give the Docker ID \(not the email address\) in --dockerhub-username/,
      );
      expect(proxy.tunnels).toEqual([]);
    });
  },
);
