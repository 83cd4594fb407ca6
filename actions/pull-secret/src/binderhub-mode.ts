import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  binderHubValues,
  onePushLogin,
  REGISTRY_KINDS,
  type RegistryKind,
  registryKindOfProvider,
  valuesYaml,
} from '@pull-secret/binderhub';
import {
  type CredentialRecipe,
  displayRegistryKey,
  InvalidInputError,
  type RegistryCredential,
  secretForms,
  showUntrusted,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { withRefusedHint } from '@pull-secret/plugins';
import { actionWording } from './option-wording.js';
import type { ActionInputs, InputReader } from './read-inputs.js';

/** The inputs only mode: binderhub reads. */
export interface BinderhubInputs {
  kind?: RegistryKind;
  imagePrefix?: string;
  project?: string;
  repository?: string;
  prefix?: string;
  jupyterhub: boolean;
  pullUsername?: string;
  pullPassword?: string;
  verifyPush: boolean;
}

/** Reads and checks mode: binderhub's inputs; the pull password is masked by the caller first. */
export function readBinderhubInputs(input: InputReader): BinderhubInputs {
  const kind = input('registry-kind');
  if (kind && !(REGISTRY_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input registry-kind must be a registry kind, not "${showUntrusted(kind)}".`,
      {
        hint: `Registry kinds: ${REGISTRY_KINDS.join(', ')}.`,
      },
    );
  }
  const flag = (name: string) => {
    const value = input(name);
    if (value === '' || /^false$/i.test(value)) return false;
    if (/^true$/i.test(value)) return true;
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input ${name} must be true or false, not "${showUntrusted(value)}".`,
      {
        hint: `Write "${name}: true" or "${name}: false".`,
      },
    );
  };
  const inputs: BinderhubInputs = { jupyterhub: flag('jupyterhub'), verifyPush: flag('verify-push') };
  if (kind) inputs.kind = kind as RegistryKind;
  for (const [key, name] of [
    ['imagePrefix', 'image-prefix'],
    ['project', 'project'],
    ['repository', 'repository'],
    ['prefix', 'prefix'],
    ['pullUsername', 'pull-username'],
    ['pullPassword', 'pull-password'],
  ] as const) {
    const value = input(name);
    if (value) inputs[key] = value;
  }
  if ((inputs.pullUsername === undefined) !== (inputs.pullPassword === undefined)) {
    throw new InvalidInputError('INPUT_INVALID', 'The inputs pull-username and pull-password go together.', {
      hint: 'Give both for a separate (read-only) login for user pods, or neither.',
    });
  }
  if (inputs.pullUsername !== undefined && !inputs.jupyterhub) {
    throw new InvalidInputError('INPUT_INVALID', 'A pull login is only for jupyterhub: true.', {
      hint: 'Add "jupyterhub: true", or remove pull-username and pull-password.',
    });
  }
  return inputs;
}

/** The inputs that belong to mode: binderhub only. */
export const BINDERHUB_ONLY_INPUTS = [
  'registry-kind',
  'image-prefix',
  'project',
  'repository',
  'prefix',
  'jupyterhub',
  'pull-username',
  'pull-password',
  'verify-push',
] as const;

/**
 * mode: binderhub — BinderHub's values as two files under RUNNER_TEMP: the secret one (mode 0600,
 * masked line by line) and the config one; their paths are the outputs. With verify-push, the build
 * login must push under the image prefix, and with verify-image the user pods' login must pull it,
 * before anything is written.
 */
export async function writeBinderhubValues(
  inputs: ActionInputs,
  binderhub: BinderhubInputs,
  credentials: readonly RegistryCredential[],
  recipes: Readonly<Record<string, CredentialRecipe>>,
  mask: (value: string) => void,
): Promise<void> {
  const push = onePushLogin(credentials);
  const pull =
    binderhub.pullUsername === undefined
      ? undefined
      : { registry: push.registry, username: binderhub.pullUsername, password: binderhub.pullPassword! };
  if (pull) for (const form of secretForms(pull)) mask(form);
  const result = binderHubValues({
    push,
    kind: binderhub.kind ?? registryKindOfProvider(recipes[push.registry]?.provider),
    imagePrefix: binderhub.imagePrefix,
    project: binderhub.project,
    repository: binderhub.repository,
    prefix: binderhub.prefix,
    jupyterhub: binderhub.jupyterhub,
    pull,
  });
  await verify(inputs, binderhub, result, push, pull, recipes);
  // Each password as the file spells it (quoted and escaped, or a block scalar's lines): a later step
  // that prints the file shows those forms, not the raw password.
  for (const password of [push.password, pull?.password]) {
    if (password) mask(valuesYaml({ v: password }).replace(/^v: /, ''));
  }

  const dir = join(
    process.env.RUNNER_TEMP || tmpdir(),
    `pull-secret-binderhub-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(dir, { mode: 0o700 });
  const secretPath = join(dir, 'secret.yaml');
  const configPath = join(dir, 'config.yaml');
  await writeFile(secretPath, result.secret.yaml, { mode: 0o600, flag: 'wx' });
  await writeFile(configPath, result.config.yaml, { flag: 'wx' });
  core.setOutput('secret-values-path', secretPath);
  core.setOutput('config-values-path', configPath);
  core.setOutput('registries', displayRegistryKey(push.registry));
  core.setOutput('image-prefix', result.imagePrefix);
  for (const note of result.notes) core.notice(note);
  if (result.iamPolicy) {
    const policyPath = join(dir, 'ecr-iam-policy.json');
    await writeFile(policyPath, result.iamPolicy, { flag: 'wx' });
    core.setOutput('iam-policy-path', policyPath);
  }
  core.info(
    `pull-secret: wrote BinderHub values for ${result.imagePrefix} to ${secretPath} and ${configPath}`,
  );
}

async function verify(
  inputs: ActionInputs,
  binderhub: BinderhubInputs,
  result: ReturnType<typeof binderHubValues>,
  push: RegistryCredential,
  pull: RegistryCredential | undefined,
  recipes: Readonly<Record<string, CredentialRecipe>>,
): Promise<void> {
  if (!binderhub.verifyPush && inputs.verifyImage === undefined) return;
  const { verifyPullAccess, verifyPushAccess } = await import('@pull-secret/registry');
  const init = {
    ...(inputs.verifyCa === undefined ? {} : { ca: inputs.verifyCa }),
    env: process.env,
    timeoutMs: inputs.requestTimeoutMs,
  };
  const outcomes: [string, Awaited<ReturnType<typeof verifyPullAccess>>][] = [];
  if (binderhub.verifyPush && result.kind !== 'ecr') {
    const pushed = await verifyPushAccess(`${result.imagePrefix}pull-secret-verify`, push, init);
    outcomes.push(['verify-push', pushed]);
  }
  if (inputs.verifyImage !== undefined) {
    const userPods = pull ?? push;
    outcomes.push([
      `verify-image ${inputs.verifyImage}`,
      await verifyPullAccess({ ...userPods, repository: inputs.verifyImage, ...init }),
    ]);
  }
  for (const [what, outcome] of outcomes) {
    const checked = withRefusedHint(outcome, recipes[push.registry]?.provider);
    if (!checked.ok) {
      const hint = checked.hint
        ? ` ${wordOptions(checked.hint, (option, n) => (option === 'ca-file' ? 'the input verify-ca' : actionWording(option, n)))}`
        : '';
      throw new InvalidInputError(
        'BINDERHUB_VERIFY_FAILED',
        `${what}: ${checked.result}: ${showUntrusted(checked.message)}; nothing was written.${hint}`,
      );
    }
    core.info(`pull-secret: ${what}: ${checked.result}`);
  }
}
