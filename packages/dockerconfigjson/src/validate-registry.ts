import { InvalidInputError } from './errors.js';
import { displayRegistryKey } from './registry-key.js';

// Go's URL parser, and so kubelet, refuses a key with a control character anywhere: none in the path either.
// A host label, allowing kubelet's glob characters (`*.azurecr.io`).
const LABEL = '[A-Za-z0-9*?](?:[A-Za-z0-9*?_-]*[A-Za-z0-9*?])?';
const SERVER = new RegExp(
  `^(?:https?://)?(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?(?:/[^\\s\\u0000-\\u001f\\u007f]*)?$`,
);

/** Throws unless `server` is a registry as `auths` keys name one: `host[:port][/path]` or an `http(s)://` URL of one. */
export function validateRegistry(server: string): void {
  // The pull-secret.dev/registries annotation lists registries comma-separated: a key with a comma would
  // be stored as one registry and listed as two, so none is accepted (kubelet matches no such key usefully).
  if (server.includes(',')) {
    throw new InvalidInputError(
      'SERVER_INVALID',
      `"${displayRegistryKey(server)}" is not a registry: a registry name has no comma.`,
      { hint: 'Give one registry per {{registry}}; repeat it for more registries.' },
    );
  }
  const match = SERVER.exec(server);
  const port = match?.[1] === undefined ? undefined : Number(match[1]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) {
    const shown = displayRegistryKey(server);
    throw new InvalidInputError(
      'SERVER_INVALID',
      `"${shown}" is not a registry: expected host[:port][/path] or an https:// URL.`,
      {
        hint: 'For example ghcr.io, registry.example.com:5000/team or https://index.docker.io/v1/.',
      },
    );
  }
}
