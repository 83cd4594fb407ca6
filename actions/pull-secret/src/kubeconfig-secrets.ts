import { parse } from 'yaml';

// The fields of users[].user that authenticate. Everything else there names or locates something
// (exec command and args, cluster and context names, regions, file paths, usernames): masking those
// would turn ordinary words such as "default" or "us-east-1" into *** for the rest of the job.
const CREDENTIAL_FIELDS = ['token', 'password', 'client-key-data', 'client-certificate-data'] as const;
// auth-provider config entries that hold a credential (access-token, id-token, refresh-token, client-secret…).
const AUTH_PROVIDER_SECRET = /token|secret|password|key/i;

/**
 * The credentials in a kubeconfig (YAML or JSON, as `kubectl config view -o json` prints it), to mask
 * before anything is logged: tokens, passwords, client key and certificate data, auth-provider tokens
 * and secrets, and the values of an exec plugin's `env`. A kubeconfig that does not parse is masked
 * whole, line by line: it may still hold a token.
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
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 3) secrets.push(value);
  };
  for (const entry of users) {
    const user = record(record(entry)?.user);
    if (!user) continue;
    for (const field of CREDENTIAL_FIELDS) add(user[field]);
    const config = record(record(user['auth-provider'])?.config);
    for (const [name, value] of Object.entries(config ?? {})) {
      if (AUTH_PROVIDER_SECRET.test(name)) add(value);
    }
    const env = record(user.exec)?.env;
    if (Array.isArray(env)) for (const variable of env) add(record(variable)?.value);
  }
  return [...new Set(secrets)];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
