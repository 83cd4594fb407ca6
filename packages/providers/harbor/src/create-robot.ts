import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { type HarborAnswer, type HarborApi, harborRefusal } from './harbor-api.js';
import { printable } from './harbor-names.js';

export interface RobotRequest {
  project: string;
  /** Checked already: Harbor's name rule. */
  name: string;
  /** Days; -1 never expires; undefined leaves Harbor's configured default (30 days unless changed). */
  durationDays?: number | undefined;
  /** Push as well as pull: BinderHub builds push to the registry. */
  push: boolean;
  /** Who calls, for messages. */
  username: string;
  now: () => Date;
  warn?: ((message: string) => void) | undefined;
}

export interface RobotLogin {
  /** The robot's name exactly as Harbor returned it: the login username. */
  name: string;
  secret: string;
  expiresAt?: Date;
  /** True when the robot existed and its secret was refreshed. */
  rotated: boolean;
}

interface RobotCreated {
  id?: number;
  name?: string;
  secret?: string;
  expires_at?: number;
}

interface Robot {
  id?: number;
  name?: string;
  disable?: boolean;
  expires_at?: number;
  permissions?: { kind?: string; namespace?: string; access?: { resource?: string; action?: string }[] }[];
}

/**
 * A project robot account with pull (and push) on the project's repositories: `POST /robots` makes it;
 * when one of that name exists (409), its secret is refreshed instead (`PATCH /robots/{id}`, Harbor's
 * RefreshSec), so that running again rotates the secret.
 */
export async function createOrRotateRobot(api: HarborApi, request: RobotRequest): Promise<RobotLogin> {
  const context = {
    origin: api.origin,
    username: request.username,
    project: request.project,
    action: `create robot accounts in project ${request.project}`,
  };
  const access = [{ resource: 'repository', action: 'pull' }];
  if (request.push) access.push({ resource: 'repository', action: 'push' });
  const created = await api.call('POST', '/robots', {
    body: {
      name: request.name,
      description: `pull-secret: ${request.push ? 'pull and push' : 'pull'} access to ${request.project}`,
      level: 'project',
      disable: false,
      ...(request.durationDays === undefined ? {} : { duration: request.durationDays }),
      permissions: [{ kind: 'project', namespace: request.project, access }],
    },
  });
  if (created.status === 201) {
    const robot = created.json as RobotCreated | undefined;
    if (!robot?.name || !robot.secret) throw badAnswer(api.origin, 'the new robot account');
    return { name: robot.name, secret: robot.secret, ...expiry(robot.expires_at), rotated: false };
  }
  if (created.status !== 409) throw harborRefusal(created, context);
  return rotate(api, request, context);
}

async function rotate(
  api: HarborApi,
  request: RobotRequest,
  context: Parameters<typeof harborRefusal>[1],
): Promise<RobotLogin> {
  const robot = await findProjectRobot(api, request, context);
  const label = printable(robot.name);
  if (robot.disable) {
    throw new PullSecretError('HARBOR_ROBOT_DISABLED', `The robot account ${label} is disabled in Harbor.`, {
      hint: 'Enable it in the project’s Robot Accounts tab, or delete it so that it is created again.',
    });
  }
  const expiresAt = expiry(robot.expires_at).expiresAt;
  if (expiresAt && expiresAt <= request.now()) {
    // A new secret does not move the expiry: the robot would stay unusable.
    throw new PullSecretError(
      'HARBOR_ROBOT_EXPIRED',
      `The robot account ${label} expired at ${expiresAt.toISOString()}.`,
      { hint: 'Delete it in Harbor so that it is created again, or extend its expiry there.' },
    );
  }
  if (request.push && !robot.canPush) {
    request.warn?.(
      `The robot account ${label} exists without push; its secret is rotated and its permissions left as they are (delete it to have it made with push).`,
    );
  }
  const refreshed = await api.call('PATCH', `/robots/${robot.id}`, { body: {} });
  if (refreshed.status !== 200) {
    throw harborRefusal(refreshed, { ...context, action: `refresh the secret of ${label}` });
  }
  const secret = (refreshed.json as { secret?: unknown } | undefined)?.secret;
  if (typeof secret !== 'string' || secret === '') throw badAnswer(api.origin, `the new secret of ${label}`);
  return { name: robot.name, secret, ...(expiresAt ? { expiresAt } : {}), rotated: true };
}

/**
 * The project robot Harbor said exists. Project robots are listed by project ID (`Level=project,
 * ProjectID=N`; without them Harbor lists system robots only), narrowed by a fuzzy name match, and the
 * one whose name Harbor ends with `+<name>` is taken: its full name is read, never assembled.
 */
async function findProjectRobot(
  api: HarborApi,
  request: RobotRequest,
  context: Parameters<typeof harborRefusal>[1],
): Promise<{ id: number; name: string; disable: boolean; expires_at?: number; canPush: boolean }> {
  const project = await api.call('GET', `/projects/${encodeURIComponent(request.project)}`, {
    headers: { 'x-is-resource-name': 'true' },
  });
  if (project.status !== 200) throw harborRefusal(project, context);
  const projectId = (project.json as { project_id?: unknown } | undefined)?.project_id;
  if (typeof projectId !== 'number') throw badAnswer(api.origin, `project ${request.project}`);
  const query = new URLSearchParams({
    q: `Level=project,ProjectID=${projectId},name=~${request.name}`,
    page_size: '100',
  });
  const listed: HarborAnswer = await api.call('GET', `/robots?${query}`);
  if (listed.status !== 200) {
    throw harborRefusal(listed, {
      ...context,
      action: `list the robot accounts of project ${request.project}`,
    });
  }
  const robots = Array.isArray(listed.json) ? (listed.json as Robot[]) : [];
  const robot = robots.find(
    (candidate) => typeof candidate.name === 'string' && candidate.name.endsWith(`+${request.name}`),
  );
  if (!robot || typeof robot.id !== 'number' || !robot.name) {
    throw new PullSecretError(
      'HARBOR_ROBOT_NOT_FOUND',
      `Harbor says a robot named ${request.name} exists in project ${request.project}, but does not list it to ${printable(request.username)}.`,
      {
        hint: 'Choose another {{harbor-robot-name}}, or look for the robot in the project’s Robot Accounts tab.',
      },
    );
  }
  const canPush = (robot.permissions ?? []).some((permission) =>
    (permission.access ?? []).some((entry) => entry.resource === 'repository' && entry.action === 'push'),
  );
  return {
    id: robot.id,
    name: robot.name,
    disable: robot.disable === true,
    ...(robot.expires_at === undefined ? {} : { expires_at: robot.expires_at }),
    canPush,
  };
}

/** Harbor's `expires_at` is Unix seconds; -1 (and anything not positive) means never. */
function expiry(expiresAt: number | undefined): { expiresAt?: Date } {
  return typeof expiresAt === 'number' && expiresAt > 0 ? { expiresAt: new Date(expiresAt * 1000) } : {};
}

function badAnswer(origin: string, what: string): PullSecretError {
  return new PullSecretError('HARBOR_BAD_RESPONSE', `Harbor at ${origin} answered without ${what}.`, {
    hint: 'Check that {{harbor-url}} is a Harbor v2 server (its API is under /api/v2.0).',
  });
}
