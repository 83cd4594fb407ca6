import { type RegistryCredential, wordOptions } from '@pull-secret/dockerconfigjson';
import {
  type ApplyManagedResult,
  applyManaged,
  cdiRegistrySecret,
  formatManifests,
  type KubeApiInit,
  type NamespaceTargets,
  type SecretManifest,
} from '@pull-secret/secret';
import type { CliIo } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { CLI_WORDING } from '../option-wording.js';
import { progressLine } from '../progress-line.js';

export interface ApplyCdiOptions {
  name: string;
  credential: RegistryCredential;
  targets: NamespaceTargets;
  force: boolean;
  dryRun: 'none' | 'client' | 'server';
  diff: boolean;
  concurrency: number;
  output: 'text' | 'json' | 'yaml';
}

/**
 * `apply NAME --for cdi`: the CDI Secret (one registry's login as accessKeyId and secretKey) in every
 * target namespace, with the writer's rules (ownership, force, no write when nothing changes, dry runs).
 */
export async function applyCdiSecret(
  init: KubeApiInit,
  options: ApplyCdiOptions,
  io: CliIo,
): Promise<number> {
  const printsManifests = options.dryRun === 'client' && !options.diff;
  const progress = progressLine(io, `applying ${options.name}`);
  let result: ApplyManagedResult<SecretManifest>;
  try {
    result = await applyManaged(init, {
      shape: cdiRegistrySecret(options.credential, { name: options.name }),
      targets: options.targets,
      force: options.force,
      dryRun: options.diff ? 'client' : options.dryRun,
      concurrency: options.concurrency,
      onProgress: progress.update,
      keepManifests: printsManifests,
    });
  } finally {
    progress.done();
  }
  const reason = (ns: { reason?: string; hint?: string }) =>
    ns.hint ? `${ns.reason}; ${wordOptions(ns.hint, CLI_WORDING)}` : (ns.reason ?? '');
  if (printsManifests) {
    const manifests = result.namespaces.flatMap((ns) => (ns.manifest ? [ns.manifest] : []));
    if (manifests.length > 0)
      io.stdout(formatManifests(manifests, options.output === 'json' ? 'json' : 'yaml'));
  } else if (options.diff) {
    const changes = result.namespaces.flatMap((ns) => ns.changes);
    io.stdout(changes.length === 0 ? 'No changes.\n' : `${changes.join('\n')}\n`);
  } else if (options.output === 'json') {
    const namespaces = result.namespaces.map((ns) => ({
      namespace: ns.namespace,
      outcome: ns.outcome,
      ...(ns.reason ? { reason: reason(ns) } : {}),
      keys: ns.items,
    }));
    io.stdout(
      `${JSON.stringify({ secret: options.name, for: 'cdi', dryRun: options.dryRun, ok: result.ok, namespaces }, null, 2)}\n`,
    );
  }
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  if (options.output !== 'json' || printsManifests) {
    const rows = [
      ['NAMESPACE', 'RESULT', 'KEYS', 'REASON'],
      ...result.namespaces.map((ns) => [ns.namespace, ns.outcome, ns.items.join(','), reason(ns)]),
    ];
    const counts = ['created', 'updated', 'unchanged', 'skipped', 'refused', 'failed'].map(
      (outcome) => `${result.namespaces.filter((ns) => ns.outcome === outcome).length} ${outcome}`,
    );
    io.stderr(
      result.namespaces.length === 0
        ? `secret ${options.name} (cdi): no namespaces matched\n`
        : `${formatTable(rows)}secret ${options.name} (cdi): ${counts.join(', ')}\n`,
    );
  }
  return result.ok ? 0 : 1;
}
