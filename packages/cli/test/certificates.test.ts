// `pull-secret certificates` against Debian's docker-registry with a generated CA, with
// `openssl s_client -showcerts` as the oracle for the chain, and the chain fed back to verify.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const INSTALLED = Boolean(findDockerRegistry());
const run = promisify(execFile);

/** The PEM blocks `openssl s_client -showcerts` prints for host:port. */
async function opensslChain(hostPort: string): Promise<string[]> {
  const { stdout } = await run('sh', [
    '-c',
    `openssl s_client -showcerts -connect ${hostPort} </dev/null 2>/dev/null`,
  ]);
  return stdout.match(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
}

describe.skipIf(!INSTALLED)('pull-secret certificates', { tags: ['needs-docker-registry'] }, () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry({ mode: 'htpasswd' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('prints the chain the registry presents, as openssl s_client -showcerts does, with fingerprints on stderr', async () => {
    const result = await runCli(['certificates', registry.host]);
    expect(result.code).toBe(0);
    const blocks =
      result.stdout.match(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
    expect(blocks.join('')).toBe(result.stdout);
    expect(blocks).toEqual(await opensslChain(registry.host));
    expect(blocks).toHaveLength(2);
    expect(blocks[1]!.replace(/\s/g, '')).toBe(registry.caPem!.replace(/\s/g, ''));
    expect(result.stderr).toMatch(/^0: .*\n {3}issuer .*\n {3}sha256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\n1: /);
    expect(result.stderr).toContain('2 certificates read without verification');

    // The chain it printed is what verify needs to trust the registry.
    const verified = await runCli(
      [
        'verify',
        '--server',
        registry.host,
        '--username',
        registry.puller.username,
        '--password-stdin',
        '--ca-file',
        'chain.pem',
      ],
      { stdin: registry.puller.password, files: { 'chain.pem': result.stdout } },
    );
    expect(verified.stdout).toMatch(/^ok: /);
    expect(verified.code).toBe(0);
  });

  it('says in one line when nothing speaks TLS there (exit 1), and refuses a bad argument (exit 2)', async () => {
    const plain = await startTestRegistry({ mode: 'plain' });
    try {
      const result = await runCli(['certificates', plain.host, '--timeout', '5s']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^error: Could not read a TLS certificate from ${plain.host} \\(.+\\)\\.\\nhint: `),
      );
    } finally {
      await plain.stop();
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await runCli(['certificates', `127.0.0.1:${port}`])).stderr).toContain('(ECONNREFUSED)');

    for (const args of [
      ['certificates'],
      ['certificates', 'a', 'b'],
      ['certificates', 'https://host:99999'],
    ]) {
      const bad = await runCli(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stdout).toBe('');
    }
  });
});
