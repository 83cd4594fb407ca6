// What the Action masks, run as the runner runs it: every secret input first (before any input check
// can fail), multi-line values line by line, and of a kubeconfig only its credential fields.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from './run-action.js';

const CANARY = `CANARY-mask-${randomBytes(6).toString('hex')}`;

const runs: ActionRun[] = [];
async function action(inputs: Record<string, string>): Promise<ActionRun> {
  const run = await runAction(inputs);
  runs.push(run);
  return run;
}
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

const masks = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));

/** Every ::add-mask:: line comes before the first line that is not one. */
function expectMasksFirst(stdout: string): void {
  const lines = stdout.split('\n').filter(Boolean);
  const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
  const lastMask = lines.findLastIndex((line) => line.startsWith('::add-mask::'));
  expect(firstOther, 'the run printed nothing but masks').toBeGreaterThan(-1);
  expect(lastMask, 'an ::add-mask:: line came after a log line').toBeLessThan(firstOther);
}

describe('secret inputs are masked first, line by line', () => {
  it('masks each line of an inline multi-line docker-config, the identitytoken line included', async () => {
    const config = JSON.stringify(
      {
        auths: {
          'ghcr.io': {
            auth: Buffer.from(`me:${CANARY}-pw`).toString('base64'),
            identitytoken: `${CANARY}-identity`,
          },
        },
        // Its "left out" warning must come after every mask.
        credHelpers: { 'quay.io': 'desktop' },
      },
      null,
      2,
    );
    const run = await action({ mode: 'manifest', 'secret-name': 'regcred', 'docker-config': config });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning::quay\.io is left out/m);
    const masked = masks(run);
    expect(masked).toContain(`"identitytoken": "${CANARY}-identity"`);
    for (const line of config
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length >= 8)) {
      expect(masked).toContain(line);
    }
    expectMasksFirst(run.stdout);
  });

  it('masks azure-client-secret and each line of gcp-key-json even when an earlier input check fails', async () => {
    const key = JSON.stringify({ type: 'service_account', private_key: `${CANARY}-key` }, null, 2);
    const run = await action({
      mode: 'bogus',
      'secret-name': 'regcred',
      'azure-client-secret': `${CANARY}-azure`,
      'gcp-key-json': key,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::The input mode must be/);
    const masked = masks(run);
    expect(masked).toContain(`${CANARY}-azure`);
    expect(masked).toContain(`"private_key": "${CANARY}-key"`);
    expectMasksFirst(run.stdout);
  });
});

describe('kubeconfig masking', () => {
  it('masks the exec env values of an aws eks update-kubeconfig kubeconfig, never its args or names', async () => {
    const kubeconfig = `apiVersion: v1
kind: Config
current-context: arn:aws:eks:us-east-1:123456789012:cluster/prod
clusters:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  cluster:
    server: https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com
contexts:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  context: {cluster: "arn:aws:eks:us-east-1:123456789012:cluster/prod", namespace: default, user: "arn:aws:eks:us-east-1:123456789012:cluster/prod"}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, prod, --output, json]
      env: [{name: AWS_PROFILE, value: "${CANARY}-env"}]
- name: ci
  user: {token: "${CANARY}-token"}
`;
    // mode: manifest refuses a kubeconfig: the masks must be out before that error.
    const run = await action({ mode: 'manifest', 'secret-name': 'regcred', kubeconfig });
    expect(run.code).toBe(1);
    const masked = masks(run);
    expect(masked).toEqual(expect.arrayContaining([`${CANARY}-env`, `${CANARY}-token`]));
    for (const word of ['default', 'prod', 'eks', 'us-east-1', 'json', '--region', 'aws', 'get-token']) {
      expect(masked).not.toContain(word);
    }
    expectMasksFirst(run.stdout);
  });
});
