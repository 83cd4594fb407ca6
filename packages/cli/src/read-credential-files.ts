import { type CredentialFileSource, readCredentialSources } from '@pull-secret/secret';
import type { CliIo } from './cli-io.js';
import { MANIFEST_LIMIT_BYTES, readInputFile } from './read-input-file.js';
import { UsageError } from './usage-error.js';

/** The credential sources in every -f FILE, in the order given (pod order for explain). */
export async function readCredentialFiles(
  io: CliIo,
  files: readonly string[] | undefined,
  command: string,
  options: { skipUnusable?: boolean } = {},
): Promise<CredentialFileSource[]> {
  if (!files || files.length === 0) {
    throw new UsageError('Pass at least one -f FILE.', `Run "pull-secret ${command} --help" for usage.`);
  }
  const sources: CredentialFileSource[] = [];
  for (const file of files) {
    const name = file === '-' ? '(stdin)' : file;
    sources.push(
      ...readCredentialSources(await readInputFile(io, file, '-f', MANIFEST_LIMIT_BYTES), name, options),
    );
  }
  return sources;
}

export const FILE_FLAG = {
  type: 'string',
  short: 'f',
  multiple: true,
  value: 'FILE',
  description: 'A Secret manifest (YAML/JSON), .dockerconfigjson or .dockercfg; - for stdin; repeatable.',
} as const;
