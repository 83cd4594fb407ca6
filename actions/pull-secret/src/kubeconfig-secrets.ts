import { parse } from 'yaml';

// Strings under users[].user that name things rather than authenticate: everything else is a secret
// (token, client-key-data, password, auth-provider config, exec env values…).
const NOT_SECRET = new Set([
  'command',
  'apiVersion',
  'interactiveMode',
  'installHint',
  'provideClusterInfo',
  'name',
]);

/**
 * The credentials in a kubeconfig (YAML or JSON, as `kubectl config view -o json` prints it), to mask
 * before anything is logged: every string under `users[].user` but names and commands. A kubeconfig
 * that does not parse is masked whole, line by line: it may still hold a token.
 */
export function kubeconfigSecrets(kubeconfig: string): string[] {
  if (kubeconfig.trim() === '') return [];
  let document: unknown;
  try {
    document = parse(kubeconfig);
  } catch {
    return [kubeconfig];
  }
  const users = (document as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return [];
  const secrets: string[] = [];
  const collect = (value: unknown, key: string | undefined) => {
    if (typeof value === 'string') {
      if (key === undefined || !NOT_SECRET.has(key)) secrets.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item, key === 'args' ? 'args' : undefined);
    } else if (value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) collect(child, name);
    }
  };
  for (const user of users) collect((user as { user?: unknown } | null)?.user, undefined);
  return secrets.filter((secret) => secret.length >= 3);
}
