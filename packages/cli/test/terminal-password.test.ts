// --password-stdin on a terminal (issue 11, item 14): a "Password: " prompt on stderr and no echo of what
// is typed, as `docker login` does, with the terminal's echo restored afterwards. The CLI runs on a real
// pseudo-terminal made by python3's pty module; its stdout goes to a file, so the terminal shows only what
// the user would see.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

// Runs argv on a new pseudo-terminal with stdout to a file; types `keys` once "Password: " shows; prints
// JSON {transcript, code} when the terminal closes.
const DRIVER = `
import json, os, pty, select, sys, time
out, keys, argv = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.execvp(argv[0], argv)
seen, typed, deadline = b'', False, time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            data = os.read(fd, 1024)
        except OSError:
            break
        if not data:
            break
        seen += data
    if not typed and b'Password: ' in seen:
        os.write(fd, keys)
        typed = True
if time.time() >= deadline:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({'transcript': seen.decode('utf-8', 'replace'), 'code': os.waitstatus_to_exitcode(status)}))
`;
const driver = join(dir, 'driver.py');
writeFileSync(driver, DRIVER);
const CANARY = 'typed-CANARY-5f1e';

function onTerminal(keys: string) {
  const out = join(dir, 'stdout');
  // `stty` after the CLI prints the settings that differ from sane ones: "-echo" if echo were left off.
  const command = `"${process.execPath}" "${BIN}" create s --username me --password-stdin -o json; code=$?; stty >&2; exit $code`;
  const run = spawnSync('python3', [driver, out, Buffer.from(keys).toString('hex'), 'sh', '-c', command], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const result = JSON.parse(run.stdout) as { transcript: string; code: number };
  return { ...result, stdout: readFileSync(out, 'utf8') };
}

describe.runIf(hasPython)('--password-stdin on a terminal', () => {
  it('prompts on stderr, does not echo the password, reads it to Enter and restores echo', () => {
    // A typo erased with Backspace, as at any password prompt.
    const run = onTerminal(`${CANARY}x\u007f\r`);
    expect(run.code).toBe(0);
    expect(run.transcript.startsWith('Password: \r\n')).toBe(true);
    expect(run.transcript).not.toContain(CANARY);
    expect(run.transcript).not.toMatch(/-echo\b/);
    const config = JSON.parse(
      Buffer.from(JSON.parse(run.stdout).data['.dockerconfigjson'], 'base64').toString(),
    );
    expect(config.auths['https://index.docker.io/v1/'].password).toBe(CANARY);
  });

  it('stops on Ctrl-C with exit 130, nothing written, and echo restored', () => {
    const run = onTerminal(`${CANARY}\u0003`);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.transcript).not.toContain(CANARY);
    expect(run.transcript).not.toMatch(/-echo\b/);
  });
});
