import { displayRegistryKey, InvalidInputError, redactCredential } from '@pull-secret/dockerconfigjson';
import type { Command } from '../command.js';
import { formatTable } from '../format-table.js';
import { outputFormat } from '../output-flag.js';
import { FILE_FLAG, readCredentialFiles } from '../read-credential-files.js';
import { unexpectedArguments } from '../unexpected-arguments.js';

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'List the registries, usernames and emails in pull Secrets or Docker configs; passwords hidden.',
  usage: 'pull-secret decode -f FILE [-f FILE…] [-o text|json] [--show-secrets]',
  examples: `  # What is in this secret?
  kubectl get secret regcred -n apps -o yaml | pull-secret decode -f -

  # Machine-readable, passwords included (careful: prints secrets)
  pull-secret decode -f regcred.yaml -o json --show-secrets`,
  flags: {
    filename: FILE_FLAG,
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text (default) or json.' },
    'show-secrets': { type: 'boolean', description: 'Print passwords instead of ***.' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) {
      throw unexpectedArguments('decode takes no arguments', positionals.length, 'Pass files with -f FILE.');
    }
    const output = outputFormat(values.output, ['text', 'json'], 'text');
    // Like explain: `kubectl get secrets -o yaml` lists every Secret; the ones kubelet would not use for
    // pulling are skipped with a note, and only an input with none it would use is bad input.
    const read = await readCredentialFiles(io, values.filename as string[] | undefined, 'decode', {
      skipUnusable: true,
    });
    const sources = read.filter((source) => !source.ignored);
    const skipped = read.filter((source) => source.ignored);
    if (sources.length === 0) {
      const first = skipped[0]!;
      throw new InvalidInputError('SECRET_NOT_FOR_PULLING', `${first.source} ${first.ignored}`, {
        hint: 'Pass a Secret manifest of type kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg, a .dockerconfigjson file or a legacy .dockercfg file.',
      });
    }
    for (const { source, ignored } of skipped) io.stderr(`note: skipped ${source}: it ${ignored}\n`);
    const show = values['show-secrets'] === true;
    const registries = sources.flatMap(({ source, credentials }) =>
      credentials.map((credential) => {
        const { registry, username, password, email } = show ? credential : redactCredential(credential);
        // A key with user info carries a secret too: shown as https://***@host unless secrets are asked for.
        return {
          source,
          registry: show ? registry : displayRegistryKey(registry),
          username,
          password,
          email: email ?? '',
        };
      }),
    );
    if (output === 'json') {
      io.stdout(`${JSON.stringify({ registries }, null, 2)}\n`);
      return 0;
    }
    if (registries.length === 0) {
      io.stdout('No registries.\n');
      return 0;
    }
    const rows = [
      ['SOURCE', 'REGISTRY', 'USERNAME', 'PASSWORD', 'EMAIL'],
      ...registries.map((r) => [
        r.source,
        r.registry,
        r.username,
        show ? JSON.stringify(r.password) : r.password,
        r.email,
      ]),
    ];
    io.stdout(formatTable(rows));
    return 0;
  },
};
