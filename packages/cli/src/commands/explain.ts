import { displayRegistryKey, lookup, showUntrusted } from '@pull-secret/dockerconfigjson';
import type { Command } from '../command.js';
import { outputFormat } from '../output-flag.js';
import { FILE_FLAG, readCredentialFiles } from '../read-credential-files.js';
import { UsageError } from '../usage-error.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Show the credentials kubelet would try for an image, in order, and why others do not apply.',
  usage: 'pull-secret explain IMAGE -f FILE [-f FILE…] [-o text|json]',
  examples: `  # Which of the pod's pull secrets would kubelet use for this image? (files in pod order)
  pull-secret explain ghcr.io/acme/api:1.4 -f regcred.yaml -f dockerhub.yaml

  # Straight from the cluster
  kubectl get secret regcred -o yaml | pull-secret explain nginx -f -`,
  flags: {
    filename: FILE_FLAG,
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text (default) or json.' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(
        'Name one image: pull-secret explain IMAGE -f FILE.',
        'Run "pull-secret explain --help".',
      );
    }
    const output = outputFormat(values.output, ['text', 'json'], 'text');
    // Like kubelet, pass over Secrets it would not use (another type, no data), and say so.
    const sources = await readCredentialFiles(io, values.filename as string[] | undefined, 'explain', {
      skipUnusable: true,
    });
    const result = lookup(sources, positionals[0]!);
    const ignoredSecrets = sources.flatMap(({ source, ignored }) =>
      ignored ? [{ source, reason: ignored }] : [],
    );
    // Keys with user info are shown as https://***@host, in JSON as in text.
    const matches = result.matches.map(({ source, registry, username }) => ({
      source,
      registry: displayRegistryKey(registry),
      username,
    }));
    const misses = result.misses.map((miss) => ({ ...miss, registry: displayRegistryKey(miss.registry) }));
    const ignoredKeys = result.ignoredKeys.map((key) => ({
      ...key,
      registry: displayRegistryKey(key.registry),
    }));
    if (output === 'json') {
      const { image, normalizedImage, dockerHubFallback } = result;
      const report = {
        image,
        normalizedImage,
        matches,
        dockerHubFallback,
        misses,
        ignoredKeys,
        ignoredSecrets,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    // Usernames, sources and keys come from files: every line is shown with control characters escaped.
    const show = showUntrusted;
    const lines = [`image:      ${show(result.image)}`, `repository: ${show(result.normalizedImage)}`, ''];
    if (matches.length === 0) {
      lines.push(
        `No credentials in these secrets apply to ${show(result.normalizedImage)}: kubelet falls back to the node's own credentials, if any, else pulls anonymously.`,
      );
    } else {
      lines.push(
        `kubelet tries ${matches.length === 1 ? 'this credential' : `these ${matches.length} credentials, in order`}:`,
      );
      matches.forEach(({ source, registry, username }, i) => {
        lines.push(`  ${i + 1}. ${registry}  user "${show(username)}"  from ${show(source)}`);
      });
      if (result.dockerHubFallback) {
        lines.push(
          '',
          'No key matched the image itself; these are Docker Hub credentials, which kubelet uses for any Docker Hub image.',
        );
      }
    }
    const notUsed = [
      ...misses.map(({ source, registry, reason }) => `  - ${registry} (${show(source)}): ${show(reason)}`),
      ...ignoredKeys.map(
        ({ source, registry }) =>
          `  - ${registry} (${show(source)}): kubelet cannot parse this key and ignores it`,
      ),
      ...ignoredSecrets.map(({ source, reason }) => `  - ${show(source)}: ${show(reason)}`),
    ];
    if (notUsed.length > 0) lines.push('', 'Not used:', ...notUsed);
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
