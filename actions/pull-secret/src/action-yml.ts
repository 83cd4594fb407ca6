import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { stringify } from 'yaml';
import { type ActionField, actionInputs, OUTPUTS } from './action-inputs.js';

/**
 * The text of action.yml at the repository root, made from the Action's inputs and every provider
 * descriptor, so a provider added to @pull-secret/plugins shows up as inputs without editing the Action.
 */
export function actionYml(plugins: readonly ProviderPlugin[]): string {
  const document = {
    name: 'pull-secret',
    description:
      'Make, apply or print Kubernetes image pull secrets for private registries: merge-safe, many namespaces, every derived secret masked.',
    author: 'pull-secret',
    branding: { icon: 'lock', color: 'blue' },
    inputs: Object.fromEntries(actionInputs(plugins).map((input) => [input.name, field(input)])),
    outputs: Object.fromEntries(OUTPUTS.map((output) => [output.name, { description: output.description }])),
    // The post step deletes what the step created when the cleanup input asks; always(), so that it
    // also runs after a failed job. Without cleanup it finds no state and does nothing.
    runs: {
      using: 'node24',
      main: 'actions/pull-secret/dist/index.js',
      post: 'actions/pull-secret/dist/post.js',
      'post-if': 'always()',
    },
  };
  return `# Generated from actions/pull-secret/src/action-inputs.ts and the provider descriptors:
# run "npm run generate -w @pull-secret/action" after changing either. Do not edit by hand.
${stringify(document, { lineWidth: 0 })}`;
}

function field(input: ActionField): Record<string, unknown> {
  return {
    description: input.description,
    required: input.required ?? false,
    ...(input.default === undefined ? {} : { default: input.default }),
  };
}
