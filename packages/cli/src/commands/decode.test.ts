import { describe, expect, it } from 'vitest';
import { expectNoSecret, runCli } from '../../test/run-cli.js';

const CANARY = 'CANARY-decode-0b9a';
const dockerConfigJson = JSON.stringify({
  auths: {
    'ghcr.io': {
      username: 'me',
      password: CANARY,
      email: 'me@example.com',
      auth: Buffer.from(`me:${CANARY}`).toString('base64'),
    },
  },
});
const secret = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'regcred' },
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': Buffer.from(dockerConfigJson).toString('base64') },
});
const legacy = `---
apiVersion: v1
kind: Secret
metadata:
  name: old
type: kubernetes.io/dockercfg
stringData:
  .dockercfg: '{"quay.io":{"username":"robot","password":"${CANARY}","email":""}}'
`;

describe('pull-secret decode', () => {
  it('skips Secrets that are not pull Secrets, with a note on stderr, as explain does', async () => {
    const opaque = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'apps' },
      type: 'Opaque',
      data: { password: Buffer.from(CANARY).toString('base64') },
    });
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [JSON.parse(opaque), JSON.parse(secret)],
    });
    const run = await runCli(['decode', '-f', 'all.json'], { files: { 'all.json': list } });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(/^secret\/regcred +ghcr\.io +me +\*\*\*/);
    expect(run.stderr).toBe(
      'note: skipped secret/apps/db: it has type "Opaque", which kubelet does not use for pulling images.\n',
    );
    expectNoSecret(run.stdout + run.stderr, [CANARY], 'output');

    const only = await runCli(['decode', '-f', 'db.json'], { files: { 'db.json': opaque } });
    expect(only).toMatchObject({ code: 2, stdout: '' });
    expect(only.stderr).toMatch(/^error: secret\/apps\/db has type "Opaque", which kubelet does not use/);
  });

  it('lists registries with passwords redacted', async () => {
    const run = await runCli(['decode', '-f', 'secret.json', '-f', 'legacy.yaml'], {
      files: { 'secret.json': secret, 'legacy.yaml': legacy },
    });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'SOURCE           REGISTRY   USERNAME   PASSWORD   EMAIL',
      'secret/regcred   ghcr.io    me         ***        me@example.com',
      'secret/old       quay.io    robot      ***',
      '',
    ]);
    expectNoSecret(run.stdout, [CANARY], 'run.stdout');
  });

  it('prints JSON, with passwords only under --show-secrets', async () => {
    const hidden = await runCli(['decode', '-f', '-', '-o', 'json'], { stdin: dockerConfigJson });
    expect(JSON.parse(hidden.stdout)).toEqual({
      registries: [
        { source: '(stdin)', registry: 'ghcr.io', username: 'me', password: '***', email: 'me@example.com' },
      ],
    });
    const shown = await runCli(['decode', '-f', '-', '-o', 'json', '--show-secrets'], {
      stdin: dockerConfigJson,
    });
    expect(JSON.parse(shown.stdout).registries[0].password).toBe(CANARY);
  });

  it('shows a key with user info as https://***@host and crafted text on one row, escaped', async () => {
    const crafted = JSON.stringify({
      auths: {
        'https://me:TOK/EN+=@ghcr.io': { username: 'me', password: CANARY },
        'quay.io': { username: 'x\u001b[2J\rsecret/fake   evil.io   root   ***\n', password: CANARY },
      },
    });
    const run = await runCli(['decode', '-f', '-'], { stdin: crafted });
    expect(run.code).toBe(0);
    const username = 'x\\u001b[2J\\rsecret/fake   evil.io   root   ***\\n';
    expect(run.stdout.split('\n')).toEqual([
      `SOURCE    REGISTRY              ${'USERNAME'.padEnd(username.length)}   PASSWORD   EMAIL`,
      `(stdin)   https://***@ghcr.io   ${'me'.padEnd(username.length)}   ***`,
      `(stdin)   quay.io               ${username}   ***`,
      '',
    ]);
    const json = await runCli(['decode', '-f', '-', '-o', 'json'], { stdin: crafted });
    expect(JSON.parse(json.stdout).registries[0].registry).toBe('https://***@ghcr.io');
    expectNoSecret(run.stdout + json.stdout, [CANARY, 'TOK/EN'], 'stdout');
  });

  it.each([
    ['not JSON or YAML', `{"auths": {"ghcr.io": {"password": "${CANARY}"`, /not valid JSON/],
    ['bad YAML', `auths:\n  ghcr.io: [${CANARY}\n`, /not valid YAML or JSON \(line/],
    [
      'auth without a colon',
      JSON.stringify({ auths: { 'r.io': { auth: Buffer.from(CANARY).toString('base64') } } }),
      /Registry "r.io": "auth" does not decode to "username:password"/,
    ],
    [
      'auth with a trailing space',
      JSON.stringify({ auths: { 'r.io': { auth: `${Buffer.from(`u:${CANARY}`).toString('base64')} ` } } }),
      /Registry "r.io": "auth" is not valid base64/,
    ],
    ['a ConfigMap', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', /is a ConfigMap, not a Secret/],
    ['empty', '', /holds no documents/],
  ])('%s: exit 2, secret not echoed', async (_, stdin, message) => {
    const run = await runCli(['decode', '-f', '-'], { stdin });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expectNoSecret(run.stderr, [CANARY], 'run.stderr');
  });
});
