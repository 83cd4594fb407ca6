import { showUntrusted } from '@pull-secret/dockerconfigjson';
import { GO_QUOTE_BREAKS_JSON } from './jupyterhub-values.js';
import { isObject, readValues, type Values, type ValuesFile } from './read-values-files.js';

export type { ValuesFile };

/** One problem: where, and one line saying what, why it breaks and the fix. Never a secret. */
export interface ValuesFinding {
  file: string;
  /** The key path, such as `global.imagePullSecrets` or `jupyterhub.global.imagePullSecrets`. */
  path: string;
  message: string;
}

/**
 * Finds pull credentials z2jh never uses: `global.imagePullSecrets`, `global.imagePullSecret` and
 * `global.existingImagePullSecrets` (widely copied from other charts; z2jh's schema lets anything under
 * `global` through and no template reads them, so the hub and user pods get no pull secret), and an
 * `imagePullSecret` with credentials but without `create: true` (the chart then renders no Secret).
 * Looks at the top level and, for BinderHub values, under `jupyterhub:`. Throws InvalidInputError
 * for a file that is not YAML or not a mapping.
 */
export function checkJupyterHubValues(files: readonly ValuesFile[]): ValuesFinding[] {
  const findings: ValuesFinding[] = [];
  for (const file of files) {
    for (const values of readValues(file)) {
      for (const [prefix, scope] of [
        ['', values],
        ['jupyterhub.', values.jupyterhub],
      ] as const) {
        if (isObject(scope)) findings.push(...checkScope(file.name, prefix, scope));
      }
    }
  }
  return findings;
}

function checkScope(file: string, prefix: string, values: Values): ValuesFinding[] {
  const findings: ValuesFinding[] = [];
  const at = (key: string) => `${prefix}${key}`;
  const add = (path: string, message: string) => findings.push({ file, path, message });
  const global = values.global;
  if (isObject(global)) {
    for (const key of ['imagePullSecrets', 'imagePullSecret'] as const) {
      if (!(key in global)) continue;
      const value = global[key];
      const names = secretNames(value);
      const credentials = hasCredentials(value);
      const fix = credentials
        ? `move the registry, username and password to ${at('imagePullSecret')} with create: true`
        : names.length > 0
          ? `list ${names.join(', ')} under ${at('imagePullSecrets')} instead`
          : `use ${at('imagePullSecret')} (create: true, registry, username, password) or ${at('imagePullSecrets')}: [NAME]`;
      add(
        at(`global.${key}`),
        `${at(`global.${key}`)} is never read by the JupyterHub chart (its schema lets global through), so the hub and user pods get no pull secret: ${fix}.`,
      );
    }
    if ('existingImagePullSecrets' in global) {
      const names = secretNames(global.existingImagePullSecrets);
      add(
        at('global.existingImagePullSecrets'),
        `${at('global.existingImagePullSecrets')} is never read by the JupyterHub chart, so the hub and user pods do not get ${names.length > 0 ? names.join(', ') : 'those Secrets'}: list ${names.length > 0 ? 'them' : 'the Secret names'} under ${at('imagePullSecrets')} instead.`,
      );
    }
  }
  const own = values.imagePullSecret;
  if (isObject(own) && own.create !== true && hasCredentials(own)) {
    add(
      at('imagePullSecret.create'),
      `${at('imagePullSecret')} has credentials but create is not true, so the chart renders no pull Secret and pods pull without one: set ${at('imagePullSecret.create')}: true.`,
    );
  }
  if (isObject(own)) {
    for (const field of ['registry', 'username', 'password', 'email']) {
      const value = own[field];
      if (typeof value === 'string' && GO_QUOTE_BREAKS_JSON.test(value)) {
        add(
          at(`imagePullSecret.${field}`),
          `${at(`imagePullSecret.${field}`)} holds a control character, which the chart writes into the Secret as invalid JSON, so kubelet cannot read it: remove the stray character.`,
        );
      }
    }
  }
  return findings;
}

/** Secret names in a list of strings or `{name}` objects, shown with control characters escaped. */
function secretNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === 'string' ? entry : isObject(entry) ? entry.name : undefined))
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .map((name) => showUntrusted(name));
}

function hasCredentials(value: unknown): boolean {
  const entries = Array.isArray(value) ? value : [value];
  return entries.some(
    (entry) => isObject(entry) && ['username', 'password', 'registry', 'auth'].some((key) => key in entry),
  );
}
