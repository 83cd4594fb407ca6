import type { OptionWording } from '@pull-secret/dockerconfigjson';

/**
 * How the Action names options in library messages: as its inputs. The first in a sentence is "the
 * input NAME", later ones just NAME ("The input docker-config cannot be combined with email.").
 * `replace` is the input merge set to false.
 */
export const actionWording: OptionWording = (option, occurrence) => {
  const name = option === 'replace' ? 'merge: false' : option;
  return occurrence === 0 ? `the input ${name}` : name;
};
