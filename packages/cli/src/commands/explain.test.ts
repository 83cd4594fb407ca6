import { describe, expect, it } from 'vitest';
import { expectNoSecret, runCli } from '../../test/run-cli.js';

const CANARY = 'CANARY-explain-41d2';
const config = (auths: Record<string, { username: string; password: string }>) =>
  JSON.stringify({
    auths: Object.fromEntries(
      Object.entries(auths).map(([key, { username, password }]) => [
        key,
        { auth: Buffer.from(`${username}:${password}`).toString('base64') },
      ]),
    ),
  });
const secretYaml = (name: string, dockerConfigJson: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: apps
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${Buffer.from(dockerConfigJson).toString('base64')}
`;

const files = {
  'team.yaml': secretYaml('team', config({ 'ghcr.io/acme': { username: 'team', password: CANARY } })),
  'all.json': config({
    'ghcr.io': { username: 'org', password: CANARY },
    'https://index.docker.io/v1/': { username: 'hub', password: CANARY },
  }),
};

describe('pull-secret explain', () => {
  it('lists the credentials kubelet tries, longest key first, across files in pod order', async () => {
    const run = await runCli(
      ['explain', 'ghcr.io/acme/api:1.4', '-f', 'team.yaml', '-f', 'all.json', '-o', 'json'],
      { files },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      image: 'ghcr.io/acme/api:1.4',
      normalizedImage: 'ghcr.io/acme/api',
      matches: [
        { source: 'secret/apps/team', registry: 'ghcr.io/acme', username: 'team' },
        { source: 'all.json', registry: 'ghcr.io', username: 'org' },
      ],
      dockerHubFallback: false,
    });
    expectNoSecret(run.stdout, [CANARY], 'run.stdout');
  });

  it('explains the Docker Hub fallback for official images', async () => {
    const run = await runCli(['explain', 'nginx', '-f', 'all.json'], { files });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('repository: docker.io/library/nginx');
    expect(run.stdout).toContain('1. https://index.docker.io/v1/  user "hub"  from all.json');
    expect(run.stdout).toContain('Docker Hub credentials');
    expectNoSecret(run.stdout, [CANARY], 'run.stdout');
  });

  it('says why nothing matched', async () => {
    const run = await runCli(['explain', 'quay.io/acme/api', '-f', 'team.yaml'], { files });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "No credentials in these secrets apply to quay.io/acme/api: kubelet falls back to the node's own credentials, if any, else pulls anonymously.",
    );
    expect(run.stdout).toContain('- ghcr.io/acme (secret/apps/team): host part "ghcr" does not match "quay"');
  });

  it.each([
    ['no image', ['explain', '-f', 'all.json'], /Name one image/],
    ['no file', ['explain', 'nginx'], /at least one -f FILE/],
    ['bad image', ['explain', 'Nginx/App', '-f', 'all.json'], /upper-case/],
    ['missing file', ['explain', 'nginx', '-f', 'gone.yaml'], /"gone.yaml" given to -f does not exist/],
  ])('%s: exit 2', async (_, args, message) => {
    const run = await runCli(args, {
      files: { ...files, 'opaque.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: Opaque\n' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/\nhint: /);
  });

  it('passes over Secrets kubelet would not use, as kubelet does, and lists them', async () => {
    const run = await runCli(['explain', 'ghcr.io/acme/api', '-f', 'opaque.yaml', '-f', 'team.yaml'], {
      files: { ...files, 'opaque.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: Opaque\n' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. ghcr.io/acme  user "team"  from secret/apps/team');
    expect(run.stdout).toContain(
      'Not used:\n  - secret/x: has type "Opaque", which kubelet does not use for pulling images.',
    );
  });

  it('shows a key with user info as https://***@host and a crafted username escaped, in text and JSON', async () => {
    const crafted = config({
      'https://me:TOK/EN@ghcr.io': { username: 'me', password: CANARY },
      'ghcr.io/acme': { username: 'x\n  2. evil.io  user "root"\u001b[2J', password: CANARY },
    });
    const text = await runCli(['explain', 'ghcr.io/acme/api', '-f', '-'], { stdin: crafted });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/\u001b|TOK\/EN|\n {2}2\. evil/);
    expect(text.stdout).toContain('https://***@ghcr.io');
    expect(text.stdout).toContain('user "x\\n  2. evil.io  user "root"\\u001b[2J"');
    const json = await runCli(['explain', 'ghcr.io/acme/api', '-f', '-', '-o', 'json'], { stdin: crafted });
    expect(json.stdout).not.toContain('TOK/EN');
    expectNoSecret(text.stdout + json.stdout, [CANARY], 'stdout');
  });
});
