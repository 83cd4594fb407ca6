import type { OptionWording } from '@pull-secret/dockerconfigjson';

/** Options whose advice reads better as the input's setting than as its name. */
const SETTINGS: Readonly<Record<string, string>> = {
  force: 'force: true',
  replace: 'merge: false',
};

/** How the Action names a library option in messages: as its input (`{{context}}` → `the input context`). */
export const actionWording: OptionWording = (option) => SETTINGS[option] ?? `the input ${option}`;
