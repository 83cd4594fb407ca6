// Text from outside (Docker-config keys, API-server messages) reaches the Action's log, outputs and job
// summary only with control characters escaped and user info hidden: a line in it can never become a
// workflow command (::warning::, ::add-mask::) for the runner. Run as the runner runs the bundle.
import { randomBytes } from 'node:crypto';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const CANARY = `CANARY-untrusted-${randomBytes(6).toString('hex')}`;
const auth = (login: string) => Buffer.from(login).toString('base64');

const runs: ActionRun[] = [];
async function action(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction(inputs, env);
  runs.push(run);
  return run;
}
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

/** What the runner would execute: every line that starts (after blanks) with `::`. */
function commands(stdout: string): string[] {
  return stdout.split(/\r?\n|\r|\u2028|\u2029/).filter((line) => line.trimStart().startsWith('::'));
}

/** All the run shows: stdout but its ::add-mask:: lines (the runner consumes them), stderr, summary, outputs. */
const everything = (run: ActionRun) =>
  [
    ...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
    run.stderr,
    run.summary,
    run.outputFile,
  ].join('\n');

describe('workflow-command injection', () => {
  it('the issue repro: a Docker-config key holding "\\n::warning …" starts no line of stdout', async () => {
    const run = await action({
      mode: 'manifest',
      'secret-name': 'regcred',
      'docker-config': `{"auths":{"ghcr.io\\n::warning title=injected::x":{"auth":"${auth('u:x12345678')}"}}}`,
    });
    expect(
      run.stdout.split('\n').some((line) => line.trimStart().startsWith('::warning title=injected')),
    ).toBe(false);
    expect(commands(run.stdout).every((line) => /^::(add-mask|error|warning)::/.test(line))).toBe(true);
  });

  it('refuses a key with an escape sequence and a bidi override, and shows it escaped', async () => {
    const key = 'ghcr.io/team\u001b[2J\u202eevil';
    const run = await action({
      mode: 'manifest',
      'secret-name': 'regcred',
      'docker-config': JSON.stringify({ auths: { [key]: { auth: auth('u:x12345678') } } }),
    });
    // kubelet could not read such a key, so it is bad input; what the error shows is escaped.
    expect(run.code).toBe(1);
    expect(everything(run)).not.toMatch(/[\u001b\u202e]/);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"ghcr.io/team\\u001b[2J\\u202eevil" is not a registry');
    expect(run.outputs.registries).toBeUndefined();
  });

  it('shows a credHelpers registry left out without its user info, newline or escape sequence', async () => {
    const run = await action({
      mode: 'manifest',
      'secret-name': 'regcred',
      'docker-config': JSON.stringify({
        auths: { 'ghcr.io': { auth: auth('u:x12345678') } },
        credHelpers: { [`https://me:${CANARY}@quay.io\n::warning title=injected::x\u001b[2J`]: 'desktop' },
      }),
    });
    expect(run.code).toBe(0);
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('https://***@quay.io\\n::warning title=injected::x\\u001b[2J is left out');
    expect(expectMaskedOnly(everything(run), [CANARY], 'the run')).toBeUndefined();
  });

  it('never shows the token of a key with user info (a "/" in it too)', async () => {
    const run = await action({
      mode: 'manifest',
      'secret-name': 'regcred',
      'docker-config': JSON.stringify({
        auths: { [`https://me:${CANARY}/a+b@ghcr.io`]: { auth: auth('u:x12345678') } },
      }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"https://***@ghcr.io" is not a registry');
    expect(expectMaskedOnly(everything(run), [CANARY, `${CANARY}/a+b`], 'the run')).toBeUndefined();
  });
});

describe('API-server messages, against kube-test-server', () => {
  let server: KubeTestServer;
  const token = `tok-${randomBytes(8).toString('hex')}`;
  beforeAll(async () => {
    server = await startKubeTestServer({
      namespaces: ['apps'],
      serviceAccountDelayMs: 0,
      // The user name is quoted in every 403 message: a way to put any text in an API-server answer.
      tokens: { [token]: { namespaces: ['other'], user: 'ci\n::warning title=injected::x\u001b[2J' } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('logs a 403 message on one line, with its newline and escape sequence shown escaped', async () => {
    const kubeconfig = server.kubeconfig.replace(server.token, token);
    expect(kubeconfig).toContain(token);
    const run = await action({
      registry: 'ghcr.io',
      username: 'me',
      password: CANARY,
      'secret-name': 'regcred',
      namespaces: 'apps',
      kubeconfig,
    });
    expect(run.code).toBe(1);
    expect(commands(run.stdout).filter((line) => line.includes('injected'))).toEqual(
      commands(run.stdout).filter((line) => line.startsWith('::error::') && line.includes('injected')),
    );
    expect(
      run.stdout.split('\n').some((line) => line.trimStart().startsWith('::warning title=injected')),
    ).toBe(false);
    expect(everything(run)).not.toContain('\u001b');
    expect(run.stdout).toContain('ci\\n::warning title=injected::x\\u001b[2J');
  });
});
