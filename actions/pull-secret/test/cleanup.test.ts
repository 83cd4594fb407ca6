// The cleanup input: the post step (action.yml `post:`) deletes at the end of the job the Secrets the
// step created, never those it updated. Both steps run as the runner runs them: the main bundle saves
// its state to GITHUB_STATE, and the runner hands each saved value to the post step as STATE_<name>.
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, parseOutputFile, runAction } from './run-action.js';

const POST_ENTRY = fileURLToPath(new URL('../dist/post.js', import.meta.url));

let server: KubeTestServer;
const runs: ActionRun[] = [];
beforeAll(async () => {
  server = await startKubeTestServer({
    namespaces: ['fresh', 'existing', 'other'],
    serviceAccountDelayMs: 0,
  });
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

/** The main step with a GITHUB_STATE file; returns the run and the state it saved. */
async function mainStep(
  inputs: Record<string, string>,
): Promise<{ run: ActionRun; state: Record<string, string> }> {
  const statePath = join(tmpdir(), `pull-secret-state-${process.pid}-${Date.now()}`);
  await writeFile(statePath, '');
  const run = await runAction(inputs, { GITHUB_STATE: statePath });
  runs.push(run);
  const state = parseOutputFile(await readFile(statePath, 'utf8'));
  await rm(statePath, { force: true });
  return { run, state };
}

/** The post step as the runner runs it: the same inputs, and each saved state as STATE_<name>. */
function postStep(
  inputs: Record<string, string>,
  state: Record<string, string>,
): Promise<{ code: number; stdout: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [POST_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe('cleanup: true', () => {
  it('deletes in the post step only the Secret the step created, never the one it updated', async () => {
    const base = {
      registry: 'ghcr.io',
      username: 'me',
      'secret-name': 'regcred',
      kubeconfig: server.kubeconfig,
    };
    // A Secret from an earlier job, which this step updates.
    const earlier = await runAction({ ...base, password: 'CANARY-cleanup-old', namespaces: 'existing' });
    runs.push(earlier);
    expect(earlier.code, earlier.stdout).toBe(0);

    const inputs = { ...base, password: 'CANARY-cleanup-new', namespaces: 'fresh,existing', cleanup: 'true' };
    const { run, state } = await mainStep(inputs);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.namespaces!).map((row: { outcome: string }) => row.outcome)).toEqual([
      'created',
      'updated',
    ]);
    expect(server.store.get('secrets', 'fresh', 'regcred')).toBeDefined();

    const post = await postStep(inputs, state);
    expect(post.code, post.stdout).toBe(0);
    expect(server.store.get('secrets', 'fresh', 'regcred')).toBeUndefined();
    expect(server.store.get('secrets', 'existing', 'regcred')).toBeDefined();
    expect(post.stdout).toContain('pull-secret cleanup: deleted Secret regcred in fresh');
    expect(post.stdout).toContain('deleted 1 of 1 Secret regcred this job created (fresh).');
    expect(post.stdout).not.toContain('CANARY-cleanup');
  });

  it('leaves a Secret made again since the step created it, and does nothing without cleanup', async () => {
    const inputs = {
      registry: 'ghcr.io',
      username: 'me',
      password: 'CANARY-cleanup-again',
      'secret-name': 'again',
      namespaces: 'other',
      kubeconfig: server.kubeconfig,
      cleanup: 'true',
    };
    const { run, state } = await mainStep(inputs);
    expect(run.code, run.stdout).toBe(0);
    // Someone deletes it and makes it again: another object (another uid) under the same name.
    const created = server.store.get('secrets', 'other', 'again')!;
    server.store.delete('secrets', 'other', 'again');
    const { uid: _uid, resourceVersion: _rv, ...metadata } = created.metadata;
    server.store.put({ ...created, metadata: { ...metadata, name: 'again' } });
    const post = await postStep(inputs, state);
    expect(post.code, post.stdout).toBe(0);
    expect(server.store.get('secrets', 'other', 'again')).toBeDefined();
    expect(post.stdout).toContain('it was replaced since this job created it');

    const { run: plain, state: none } = await mainStep({
      ...inputs,
      cleanup: 'false',
      'secret-name': 'kept',
    });
    expect(plain.code).toBe(0);
    expect(none).toEqual({});
    const nothing = await postStep({ ...inputs, cleanup: 'false' }, none);
    expect(nothing).toEqual({ code: 0, stdout: '' });
    expect(server.store.get('secrets', 'other', 'kept')).toBeDefined();
  });

  it('is refused in manifest mode, which touches no cluster', async () => {
    const run = await runAction({
      mode: 'manifest',
      'secret-name': 'x',
      username: 'u',
      password: 'p',
      cleanup: 'true',
    });
    runs.push(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::mode: manifest touches no cluster, so the input cleanup does not apply.',
    );
  });
});
