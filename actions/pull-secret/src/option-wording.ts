import type { OptionWording } from '@pull-secret/dockerconfigjson';

/** Options whose advice reads better as the input's setting than as its name. */
const SETTINGS: Readonly<Record<string, string>> = {
  force: 'force: true',
  replace: 'merge: false',
};

/**
 * How the Action names options in library messages: as its inputs. The first in a text is "the input
 * NAME", later ones just NAME ("The input docker-config cannot be combined with email."); force and
 * replace are the setting to use.
 */
export const actionWording: OptionWording = (option, occurrence) =>
  SETTINGS[option] ?? (occurrence === 0 ? `the input ${option}` : option);
