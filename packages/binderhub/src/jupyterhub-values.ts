import { InvalidInputError, type RegistryCredential } from '@pull-secret/dockerconfigjson';
import { Document, Scalar } from 'yaml';

export interface JupyterHubValuesOptions {
  /** Pull Secrets made elsewhere (by `pull-secret apply`), listed in `imagePullSecrets`. */
  existingSecrets?: readonly string[];
  /** Nest everything under `jupyterhub:`, as BinderHub's chart passes values to its z2jh dependency. */
  forBinderHub?: boolean;
}

/** The z2jh values object and the YAML to write. */
export interface JupyterHubValues {
  values: Record<string, unknown>;
  yaml: string;
}

/**
 * Characters z2jh's template writes in a form JSON does not have: it quotes with Go's `%q`, which
 * gives `\x01`, `\a` or `\v` for these, and the rendered `.dockerconfigjson` no longer parses.
 */
export const GO_QUOTE_BREAKS_JSON = /[\x00-\x07\x0b\x0e-\x1f\x7f]/;

const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * z2jh values for pulling private images: `imagePullSecret` with `create: true` makes the chart render
 * a `kubernetes.io/dockerconfigjson` Secret that the hub, user pods and image pullers name, and
 * `imagePullSecrets` adds Secrets that exist already. Those two keys at the top level (or under
 * `jupyterhub:` for BinderHub) are the only ones the chart reads; `global.*` is never read.
 */
export function jupyterHubValues(
  credential: RegistryCredential | undefined,
  options: JupyterHubValuesOptions = {},
): JupyterHubValues {
  const existing = [...(options.existingSecrets ?? [])];
  for (const name of existing) {
    if (name.length > 253 || !SECRET_NAME.test(name)) {
      throw new InvalidInputError('SECRET_NAME_INVALID', `"${name}" is not a valid Secret name.`, {
        hint: 'Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.',
      });
    }
  }
  if (credential === undefined && existing.length === 0) {
    throw new InvalidInputError(
      'JUPYTERHUB_NOTHING',
      'There is no credential and no Secret name to put in the values.',
      {
        hint: 'Give the {{registry}} and its credentials, or the name of an existing pull Secret.',
      },
    );
  }
  if (credential !== undefined) {
    for (const field of ['registry', 'username', 'password', 'email'] as const) {
      if (GO_QUOTE_BREAKS_JSON.test(credential[field] ?? '')) {
        throw new InvalidInputError(
          'JUPYTERHUB_CONTROL_CHARACTER',
          `The ${field} holds a control character that the JupyterHub chart would write into the Secret as invalid JSON.`,
          {
            hint: `Check the {{${field}}} for a stray character (a file saved with one); or make the Secret with pull-secret apply and name it with imagePullSecrets.`,
          },
        );
      }
    }
  }
  const inner: Record<string, unknown> = {};
  if (credential !== undefined) {
    // Always explicit strings: the chart quotes what it gets, and a null would render as "<nil>".
    inner.imagePullSecret = {
      create: true,
      registry: credential.registry,
      username: credential.username,
      password: credential.password,
      ...(credential.email ? { email: credential.email } : {}),
    };
  }
  if (existing.length > 0) inner.imagePullSecrets = existing;
  const values = options.forBinderHub ? { jupyterhub: inner } : inner;
  return { values, yaml: valuesYaml(values) };
}

/** YAML with every string quoted or, when it spans lines (a JSON key), a literal block scalar. */
export function valuesYaml(values: object): string {
  const document = new Document(values);
  const visit = (node: unknown) => {
    if (node instanceof Scalar) {
      if (typeof node.value === 'string') {
        node.type = node.value.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
      }
      return;
    }
    const items = (node as { items?: unknown[] } | null)?.items;
    for (const item of items ?? []) {
      const pair = item as { key?: unknown; value?: unknown };
      if (pair && typeof pair === 'object' && 'value' in pair && 'key' in pair) visit(pair.value);
      else visit(item);
    }
  };
  visit(document.contents);
  return document.toString({ lineWidth: 0 });
}
