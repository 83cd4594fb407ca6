/** One challenge of a `WWW-Authenticate` header: the scheme (lower-case) and its auth-params. */
export interface AuthChallenge {
  scheme: string;
  /** Parameter names lower-cased; quoted values unquoted and unescaped. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses a `WWW-Authenticate` value (RFC 9110 §11.6.1): several challenges separated by commas, each a
 * scheme and comma-separated `name=value` params, values quoted (with commas and `\"` inside) or not.
 * `Bearer realm="https://auth.example/token",service="r",scope="repository:a/b:pull,push", Basic realm="x"`
 * gives two challenges. Unparseable tails are dropped rather than failing: a registry's odd header
 * should still yield the challenges it does carry.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header;
  let current: AuthChallenge | undefined;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest === '') break;
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) break;
    const afterName = rest.slice(name.length);
    const param = /^\s*=\s*/.exec(afterName);
    // `name=` starts a parameter of the current challenge; a bare token (or token68) starts a new one.
    if (param && current && !/^\s*=\s*(?:=|,|$)/.test(afterName)) {
      let value: string;
      let tail = afterName.slice(param[0].length);
      if (tail.startsWith('"')) {
        let i = 1;
        value = '';
        while (i < tail.length && tail[i] !== '"') {
          if (tail[i] === '\\' && i + 1 < tail.length) i += 1;
          value += tail[i];
          i += 1;
        }
        tail = tail.slice(i + 1);
      } else {
        // RFC 9110 allows a token only; registries also send bare URLs, so take up to a comma or space.
        value = /^[^\s,]*/.exec(tail)?.[0] ?? '';
        tail = tail.slice(value.length);
      }
      current.params[name.toLowerCase()] = value;
      rest = tail;
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    rest = afterName;
    // A token68 credential after the scheme (`Negotiate abc==`): not a param, skip it.
    const token68 = /^\s+([A-Za-z0-9._~+/-]+=*)\s*(?:,|$)/.exec(rest);
    if (token68 && !/^\s+[^\s=]+\s*=[^=]/.test(rest)) rest = rest.slice(token68[0].length);
  }
  return challenges;
}
