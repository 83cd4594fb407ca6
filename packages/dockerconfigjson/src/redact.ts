import type { RegistryCredential } from './credential.js';
import { encodeAuth, encodeDockerConfigJson } from './encode.js';
import { goJsonString } from './go-json.js';

export const REDACTED = '***';

/** A copy of a credential safe to print: password and any `auth` replaced with `***`. */
export function redactCredential<T extends { password?: string; auth?: string }>(credential: T): T {
  const copy = { ...credential };
  if (copy.password !== undefined) copy.password = REDACTED;
  if (copy.auth !== undefined) copy.auth = REDACTED;
  return copy;
}

/** A secret this long is hidden wherever it shows up; a shorter one only where it stands as a whole token. */
export const REDACT_ANYWHERE_LENGTH = 8;

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Replaces each secret in `text` with `***`, longest secret first so that a secret containing another
 * is hidden whole. A secret of `REDACT_ANYWHERE_LENGTH` characters or more is replaced wherever it
 * occurs; a shorter one only as a whole token, where no letter, digit or `_` touches it on either side,
 * so that a password such as `app` never blanks "apply" or "apps". Secrets shorter than 3 characters
 * are skipped: hiding every `a` would hide nothing and garble everything.
 */
export function redactText(text: string, secrets: Iterable<string>): string {
  const sorted = [...new Set(secrets)]
    .filter((secret) => secret.length >= 3)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of sorted) {
    out =
      secret.length >= REDACT_ANYWHERE_LENGTH ? out.split(secret).join(REDACTED) : redactTokens(out, secret);
  }
  return out;
}

function redactTokens(text: string, secret: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + secret.length] ?? '';
    if (WORD.test(before) || WORD.test(after)) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + secret.length;
  }
  return out + text.slice(from);
}

/**
 * A secret value (a provider option, a key file) and each line of it that is long enough to be worth
 * hiding (8 characters or more, trimmed): a key JSON is multi-line, and any one line may be printed.
 */
export function secretLines(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 8);
  return [...new Set([secret, ...lines])].filter((form) => form.length > 0);
}

/**
 * Every form in which a credential's secret can show up in output: the password, base64 of
 * `user:password`, and each line of a multi-line password (a Google key JSON). A Google service
 * account key goes as `_json_key` (raw) or `_json_key_base64`; either one's forms cover the other spelling.
 */
export function secretForms(credential: { username: string; password: string }): string[] {
  const { username, password } = credential;
  const forms = basicForms(credential);
  if (username === '_json_key') {
    forms.push(
      ...basicForms({ username: '_json_key_base64', password: Buffer.from(password).toString('base64') }),
    );
  } else if (username === '_json_key_base64') {
    forms.push(
      ...basicForms({ username: '_json_key', password: Buffer.from(password, 'base64').toString('utf8') }),
    );
  }
  return [...new Set(forms)].filter((form) => form.length > 0);
}

function basicForms(credential: { username: string; password: string }): string[] {
  const [password, ...lines] = secretLines(credential.password);
  const forms = [password ?? '', encodeAuth(credential.username, credential.password), ...lines];
  // As it appears inside JSON: JavaScript's escaping, and Go's (a .dockerconfigjson writes & as \u0026).
  forms.push(
    JSON.stringify(credential.password).slice(1, -1),
    goJsonString(credential.password).slice(1, -1),
  );
  return forms;
}

/**
 * Every form in which a set of credentials can show up in output: each credential's `secretForms`,
 * and the whole `.dockerconfigjson` they make, as base64 (a Secret's data) and JSON-escaped. What a
 * log masks, and what error messages from a cluster are redacted with.
 */
export function dockerConfigSecretForms(credentials: readonly RegistryCredential[]): string[] {
  const forms = credentials.flatMap(secretForms);
  if (credentials.length > 0) {
    const dockerConfigJson = encodeDockerConfigJson(credentials);
    forms.push(
      Buffer.from(dockerConfigJson).toString('base64'),
      JSON.stringify(dockerConfigJson).slice(1, -1),
    );
  }
  return [...new Set(forms)];
}
