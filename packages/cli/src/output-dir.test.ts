import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputDirectory, writeSecretFile } from './output-dir.js';

describe('output directory', () => {
  it('refuses a directory that does not exist', async () => {
    await expect(checkOutputDirectory(join(tmpdir(), 'no-such-dir-pull-secret'))).rejects.toMatchObject({
      code: 'OUTPUT_DIR_MISSING',
    });
  });

  it('narrows an existing file to mode 0600', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'output-dir-')), 'secret.yaml');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeSecretFile(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
