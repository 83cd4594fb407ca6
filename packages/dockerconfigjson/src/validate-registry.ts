import { InvalidInputError } from './errors.js';
import { displayRegistryKey } from './registry-key.js';

// A host label, allowing kubelet's glob characters (`*.azurecr.io`).
const LABEL = '[A-Za-z0-9*?](?:[A-Za-z0-9*?_-]*[A-Za-z0-9*?])?';
const SERVER = new RegExp(
  `^(?:https?://)?(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?(?:/[^\\s]*)?$`,
);

/** Throws unless `server` is a registry as `auths` keys name one: `host[:port][/path]` or an `http(s)://` URL of one. */
export function validateRegistry(server: string): void {
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
