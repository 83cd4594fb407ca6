// A password that is not valid UTF-8 (issue 11, item 7). kubectl writes such a password two ways at once:
// `password` is JSON from a Go string, so the stray byte becomes U+FFFD, while `auth` keeps the raw byte.
// The two halves of its Secret disagree, so no single password would "match kubectl"; pull-secret refuses
// the input (exit 2) rather than write a password the user did not give.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'non-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = Buffer.from([0x70, 0x77, 0xff]); // "pw" and a byte that is never UTF-8
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function cli(args: string[], input?: Buffer) {
  return spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
}

describe('a password that is not valid UTF-8', () => {
  it('is refused from --password-file and --password-stdin, with nothing written', () => {
    const file = join(dir, 'p');
    writeFileSync(file, PASSWORD);
    const fromFile = cli(['create', 's', '--username', 'me', '--password-file', file]);
    const fromStdin = cli(['create', 's', '--username', 'me', '--password-stdin'], PASSWORD);
    for (const [run, what] of [
      [fromFile, `The file "${file}" given to --password-file`],
      [fromStdin, 'Standard input (read for --password-stdin)'],
    ] as const) {
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `error: ${what} is not valid UTF-8 text.\nhint: Save it as UTF-8: pull-secret never rewrites a byte it cannot read as UTF-8.\n`,
      );
      expect(run.status).toBe(2);
    }
  });

  it('is refused from --password and PULL_SECRET_PASSWORD, and a username from --username, as Node decodes them', () => {
    const cases = [
      [
        `"$NODE" "$CLI" create s --username me --password "$(printf 'pw\\377')"`,
        'The password given to --password',
      ],
      [
        `PULL_SECRET_PASSWORD="$(printf 'pw\\377')" "$NODE" "$CLI" create s --username me`,
        'The password in PULL_SECRET_PASSWORD',
      ],
      [
        `printf pw | "$NODE" "$CLI" create s --username "$(printf 'me\\377')" --password-stdin`,
        'The username given to --username',
      ],
    ];
    for (const [command, what] of cases) {
      const run = spawnSync('sh', ['-c', command!], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, CLI: BIN, NODE: process.execPath },
      });
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^(warning: .*\\n)?error: ${what} is not valid UTF-8 text \\(it holds U\\+FFFD\\)\\.\\nhint: `,
        ),
      );
      expect(run.status).toBe(2);
    }
  });

  it('still reads a UTF-8 password that contains U+FFFD itself', () => {
    const run = cli(
      ['create', 's', '--username', 'me', '--password-stdin', '-o', 'json'],
      Buffer.from('pw\uFFFD'),
    );
    expect(run.status).toBe(0);
    const config = JSON.parse(
      Buffer.from(JSON.parse(run.stdout).data['.dockerconfigjson'], 'base64').toString(),
    );
    expect(config.auths['https://index.docker.io/v1/'].password).toBe('pw\uFFFD');
  });

  it.runIf(hasKubectl)(
    'is written inconsistently by kubectl, the reason pull-secret refuses it',
    { tags: ['needs-kubectl'] },
    () => {
      const kubectl = spawnSync(
        'bash',
        [
          '-c',
          `kubectl create secret docker-registry s --docker-username=me --docker-password="$(printf 'pw\\377')" --dry-run=client -o json`,
        ],
        { encoding: 'utf8' },
      );
      expect(kubectl.status).toBe(0);
      const config = JSON.parse(
        Buffer.from(JSON.parse(kubectl.stdout).data['.dockerconfigjson'], 'base64').toString(),
      );
      const entry = config.auths['https://index.docker.io/v1/'];
      expect(entry.password).toBe('pw\uFFFD');
      expect(Buffer.from(entry.auth, 'base64')).toEqual(Buffer.concat([Buffer.from('me:'), PASSWORD]));
    },
  );
});
