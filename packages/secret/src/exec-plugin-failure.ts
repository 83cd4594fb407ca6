import { redactText, showUntrusted } from '@pull-secret/dockerconfigjson';

/** The part of a kubeconfig user that runs a credential plugin (EKS, GKE, AKS kubeconfigs). */
export interface ExecUser {
  exec?: { command?: string; env?: readonly { name: string; value: string }[] | null } | null;
}

const MAX_STDERR = 300;

/**
 * The kubeconfig's exec credential plugin failed: not found, or it exited non-zero (its stderr is
 * what it said). The message names the command and its exit status and quotes its stderr with control
 * characters escaped and cut short; never the plugin's env values.
 */
export class ExecPluginFailure extends Error {
  override name = 'ExecPluginFailure';
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

// client-node rejects with the plugin's stderr alone; the exit status is read here, from Node's
// `child_process` diagnostics channel (every ChildProcess is published there when it is made), by the
// command that ran. Subscribed once, before a kubeconfig's plugin first runs, for the rest of the process.
const exits = new Map<string, string>();
let watching = false;

/** Starts recording plugin exit statuses; call before the first plugin runs. */
export async function watchExecPlugins(): Promise<void> {
  if (watching) return;
  watching = true;
  const channels = await import('node:diagnostics_channel');
  channels.subscribe('child_process', (message) => {
    const child = (message as { process?: import('node:child_process').ChildProcess }).process;
    child?.once('exit', (code, signal) => {
      if (child.spawnfile) exits.set(child.spawnfile, code === null ? `signal ${signal}` : `code ${code}`);
    });
  });
}

/** `error`, thrown by client-node while running the plugin of `user`, as an ExecPluginFailure. */
export function execPluginFailure(
  error: unknown,
  user: ExecUser | null | undefined,
): ExecPluginFailure | undefined {
  const command = user?.exec?.command;
  if (!command) return undefined;
  const secrets = (user.exec?.env ?? [])
    .map((variable) => variable.value)
    .filter((value) => value.length >= 4);
  const code = (error as { code?: unknown })?.code;
  const plugin = `the kubeconfig's exec credential plugin "${printable(command)}"`;
  if (code === 'ENOENT' || code === 'EACCES') {
    return new ExecPluginFailure(
      `${plugin} ${code === 'ENOENT' ? 'was not found' : 'may not be run'} (${code})`,
      'Install the command the kubeconfig names (aws, gke-gcloud-auth-plugin, kubelogin) and put it on PATH, or write the kubeconfig again with the cloud CLI.',
    );
  }
  const exit = exits.get(command);
  const said = redactText(String((error as Error)?.message ?? error).trim(), secrets);
  const quoted = said
    ? `: "${printable(said.length > MAX_STDERR ? `${said.slice(0, MAX_STDERR)}…` : said)}"`
    : '';
  const how =
    (error as Error)?.name === 'SyntaxError'
      ? 'printed no ExecCredential JSON'
      : `failed${exit ? ` with exit ${exit}` : ''}`;
  return new ExecPluginFailure(
    `${plugin} ${how}${quoted}`,
    'Run that command yourself to see why; usually the cloud login has expired (aws sso login, gcloud auth login, az login).',
  );
}

const printable = (text: string): string => showUntrusted(text);
