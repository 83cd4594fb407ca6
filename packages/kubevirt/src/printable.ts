import { showUntrustedClipped } from '@pull-secret/dockerconfigjson';

/** Outside text in a message or a note: escaped, and cut at `max` characters. */
export const printable = (text: string, max = 200): string => showUntrustedClipped(text, max);
