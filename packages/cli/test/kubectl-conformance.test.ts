// Conformance: `pull-secret create` must write the same .dockerconfigjson BYTES as
// `kubectl create secret docker-registry --dry-run=client` for the same credentials. Real kubectl is the
// oracle (DESIGN.md, "Testing against real parts"); CI installs it, so this suite runs there.
//
// Every case runs both programs as child processes: kubectl through execFile with an argv array (no
// shell), pull-secret with the password written to its standard input (--password-stdin). Both print
// `-o json`; the base64 of data[".dockerconfigjson"] is decoded and the Buffers must be equal.
//
// Inputs kubectl cannot receive are left out: NUL (no NUL in argv) and lone surrogates (argv is UTF-8).
// Usernames have no colon: kubectl accepts one, but kubelet splits `auth` at the first colon, so a colon
// only appears in passwords.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../bin/pull-secret.js', import.meta.url));
const CLI_BUNDLE = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const SECRET_NAME = 'regcred';
const CONCURRENCY = 4;
const SEED = 0x5eed_c0de;
const GENERATED_CASES = 40;
const CANARY = 'CANARY-conformance-9f3a';

interface CredentialCase {
  label: string;
  /** Absent: no --server flag at all, both tools default to Docker Hub. */
  server?: string;
  username: string;
  password: string;
  /** Absent: no --email flag. */
  email?: string;
  /** Keep the password (and the outputs, which contain it) out of every assertion message. */
  quiet?: boolean;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

interface CaseResult {
  kubectl: RunResult;
  cli: RunResult;
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const KUBECTL = findOnPath('kubectl');

// ---------------------------------------------------------------------------------------------------
// Fixed cases

/** Deterministic filler: `length` code points of `alphabet`, picked by a SHA-256 chain from `seed`. */
function deterministicText(seed: string, length: number, alphabet: string): string {
  const symbols = [...alphabet]; // code points, so an astral character is never split in two
  let out = '';
  let count = 0;
  let block = createHash('sha256').update(seed).digest();
  while (count < length) {
    for (const byte of block) {
      if (count >= length) break;
      out += symbols[byte % symbols.length];
      count++;
    }
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A fake PKCS#8 PEM block (not a real key), 64-column lines as openssl writes them. */
function fakePem(seed: string): string {
  const body = deterministicText(seed, 1624, BASE64);
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}=\n-----END PRIVATE KEY-----\n`;
}

/** A realistic (fake) Google service-account key file, pretty-printed as the console downloads it. */
function fakeGoogleKey(project: string): string {
  const key = {
    type: 'service_account',
    project_id: project,
    private_key_id: deterministicText(`${project}-kid`, 40, '0123456789abcdef'),
    private_key: fakePem(project),
    client_email: `pull-secret-ci@${project}.iam.gserviceaccount.com`,
    client_id: deterministicText(`${project}-cid`, 21, '0123456789'),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/pull-secret-ci%40${project}.iam.gserviceaccount.com`,
    universe_domain: 'googleapis.com',
  };
  return JSON.stringify(key, null, 2);
}

const tenKbJwt = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${deterministicText('jwt', 10_240 - 37 - 343, BASE64URL)}.${deterministicText('sig', 342, BASE64URL)}`;
const tenKbUnicode = deterministicText(
  'unicode',
  10_240,
  'aé中😀𝕏<>&"\\\'$:\u2028\u2029\t\n\b\f\u007f\u0085 ',
);

const fixedCases: CredentialCase[] = [
  { label: 'plain ghcr.io', server: 'ghcr.io', username: 'me', password: 'ghp_0123456789abcdefABCDEF' },
  {
    label: 'no --server (Docker Hub default), with email',
    username: 'dockeruser',
    password: 'dckr_pat_abcdefghijklmnop',
    email: 'user@example.com',
  },
  { label: 'no --server (Docker Hub default), no email', username: 'dockeruser', password: 's3cret!' },
  { label: 'explicit Docker Hub key', server: DOCKER_HUB_KEY, username: 'hubuser', password: 'hubpass' },
  {
    label: 'host:port/path server',
    server: 'registry.example.com:5000/team/app',
    username: 'ci',
    password: 'pa55',
  },
  { label: 'localhost:5000', server: 'localhost:5000', username: 'admin', password: 'admin' },
  { label: 'IPv6 [::1]:5000', server: '[::1]:5000', username: 'v6', password: 'v6pass' },
  {
    label: 'http:// URL with port and path',
    server: 'http://registry.local:8080/v2/',
    username: 'u',
    password: 'p',
  },
  { label: 'glob host *.azurecr.io', server: '*.azurecr.io', username: 'sp', password: 'glob' },
  {
    label: 'server path with <>&$ characters',
    server: 'registry.example.com/a&b<c>$d',
    username: 'u',
    password: 'p',
  },
  { label: 'upper-case server', server: 'Registry.Example.COM:443', username: 'u', password: 'p' },
  {
    label: 'accents',
    server: 'registry.example.com',
    username: 'josé.müller',
    password: 'pässwörd-Ångström-ñ',
    email: 'josé@exämple.com',
  },
  { label: 'CJK', server: 'registry.example.com', username: '用户', password: '密码パスワード비밀번호' },
  { label: 'emoji and astral', server: 'ghcr.io', username: 'dev🚀', password: '🔑🐳𝕏𠜎👩‍👩‍👧‍👦🏳️‍🌈' },
  {
    label: 'combining marks (NFD) kept as given',
    server: 'ghcr.io',
    username: 'cafe\u0301',
    password: 'e\u0301\u0308\u20dd',
  },
  {
    label: 'dollar signs',
    server: 'ghcr.io',
    username: 'u$er',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style ${...} is the point here
    password: '$HOME$(id)`whoami`${PATH}$$',
  },
  {
    label: 'single and double quotes',
    server: 'ghcr.io',
    username: `o'brien"x`,
    password: `it's "quoted" '"'`,
  },
  {
    label: 'backslashes',
    server: 'ghcr.io',
    username: 'DOMAIN\\user',
    password: 'C:\\Users\\me\\n\\t\\u0041\\',
  },
  {
    label: 'HTML characters <>&',
    server: 'ghcr.io',
    username: 'a<b>&c',
    password: '<script>alert(1)</script>&amp;',
    email: '"Jöhn" <john&co@example.com>',
  },
  {
    label: 'U+2028 and U+2029',
    server: 'ghcr.io',
    username: 'sep\u2028user',
    password: 'line\u2028sep\u2029para',
  },
  {
    label: 'control characters',
    server: 'ghcr.io',
    username: 'tab\there',
    password: '\t\b\f\r\u0001\u001b[31m\u001f\u007f',
  },
  {
    label: 'C1 controls, BOM, noncharacters',
    server: 'ghcr.io',
    username: 'u',
    password: '\u0080\u0085\u009f\ufeff\ufffe\uffff\u{10ffff}',
  },
  { label: 'newlines inside', server: 'ghcr.io', username: 'u', password: 'multi\nline\npassword' },
  { label: 'trailing newline', server: 'ghcr.io', username: 'u', password: 'ends with newline\n' },
  { label: 'CRLF endings', server: 'ghcr.io', username: 'u', password: 'crlf\r\nline\r\n' },
  { label: 'trailing CR', server: 'ghcr.io', username: 'u', password: 'cr\r' },
  { label: 'colons in password', server: 'ghcr.io', username: 'u', password: ':a:b::c:' },
  { label: 'leading dashes and equals', server: 'ghcr.io', username: '-u', password: '--not-a-flag=a=b' },
  { label: 'whitespace-only password', server: 'ghcr.io', username: ' spaced user ', password: ' ' },
  {
    label: 'Google service-account key (_json_key)',
    server: 'gcr.io',
    username: '_json_key',
    password: fakeGoogleKey('pull-secret-test-123456'),
  },
  {
    label: 'Google key file with trailing newline, Artifact Registry, email',
    server: 'europe-docker.pkg.dev',
    username: '_json_key',
    password: `${fakeGoogleKey('another-project-42')}\n`,
    email: 'pull-secret-ci@another-project-42.iam.gserviceaccount.com',
  },
  { label: '10 KB JWT-like token', server: 'ghcr.io', username: 'oauth2accesstoken', password: tenKbJwt },
  { label: '10 KB unicode token', server: 'ghcr.io', username: 'u', password: tenKbUnicode },
  {
    label: 'ECR',
    server: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    username: 'AWS',
    password: deterministicText('ecr', 2_000, BASE64),
  },
  {
    label: 'Harbor robot account',
    server: 'harbor.example.com',
    username: 'robot$project+ci',
    password: 'Harbor12345',
  },
  {
    label: 'ACR service principal',
    server: 'myregistry.azurecr.io',
    username: '00000000-0000-0000-0000-000000000000',
    password: 'Abc~1234.5678_90-xyz',
  },
  { label: 'empty --email (omitted by both)', server: 'ghcr.io', username: 'u', password: 'p', email: '' },
  { label: 'canary (quiet)', server: 'ghcr.io', username: 'canary', password: CANARY, quiet: true },
];

// ---------------------------------------------------------------------------------------------------
// Generated cases: fast-check's sample with a fixed seed, so the same sets on every run.

const special = fc.constantFrom(
  '$',
  "'",
  '"',
  '\\',
  '<',
  '>',
  '&',
  '\u2028',
  '\u2029',
  '\t',
  '\b',
  '\f',
  '\n',
  '\r',
  '\u007f',
  '\u0085',
  '\ufeff',
  ':',
  '=',
  '-',
  ' ',
  'é',
  '中',
  '😀',
  '𝕏',
);
const oneCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const oneGrapheme = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
const oneAscii = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 });
const unit = fc.oneof(special, oneCodePoint, oneGrapheme, oneAscii).filter((s) => !s.includes('\u0000'));

const passwordArb = fc.string({ unit, minLength: 1, maxLength: 120 });
const usernameArb = fc
  .string({ unit: unit.filter((s) => !s.includes(':')), minLength: 1, maxLength: 30 })
  .filter((s) => s.length > 0);

const labelChars = 'abcdefghijklmnopqrstuvwxyz0123456789';
const hostLabel = fc.string({ unit: fc.constantFrom(...labelChars), minLength: 1, maxLength: 12 });
const pathSegment = fc.string({
  unit: fc.constantFrom(...`${labelChars}ABC._~-$&<>'!@+`),
  minLength: 1,
  maxLength: 10,
});
const serverArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    DOCKER_HUB_KEY,
    'ghcr.io',
    'quay.io',
    'gcr.io',
    'localhost:5000',
    '[::1]:5000',
    'registry.example.com:5000/team/app',
  ),
  fc
    .record({
      scheme: fc.constantFrom('', 'https://', 'http://'),
      labels: fc.array(hostLabel, { minLength: 1, maxLength: 4 }),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      path: fc.array(pathSegment, { maxLength: 3 }),
      slash: fc.boolean(),
    })
    .map(
      ({ scheme, labels, port, path, slash }) =>
        `${scheme}${labels.join('.')}${port === undefined ? '' : `:${port}`}${path.map((s) => `/${s}`).join('')}${slash ? '/' : ''}`,
    ),
);
const emailArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.emailAddress(),
  fc.string({ unit, minLength: 1, maxLength: 30 }),
);

function generateCases(): CredentialCase[] {
  const sets = fc.sample(
    fc.record({ server: serverArb, username: usernameArb, password: passwordArb, email: emailArb }),
    { seed: SEED, numRuns: GENERATED_CASES },
  );
  return sets.map(({ server, username, password, email }, i) => ({
    label: `generated #${i}`,
    username,
    password,
    ...(server === undefined ? {} : { server }),
    ...(email === undefined ? {} : { email }),
  }));
}

const generatedCases = generateCases();
const allCases = [...fixedCases, ...generatedCases];

// ---------------------------------------------------------------------------------------------------
// Running the two programs

function run(file: string, args: string[], stdin?: string): Promise<RunResult> {
  const env = { ...process.env };
  delete env.PULL_SECRET_PASSWORD;
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 30_000, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({
          code,
          stdout,
          stderr,
          ...(error && typeof error.code !== 'number'
            ? { spawnError: String(error.code ?? error.message) }
            : {}),
        });
      },
    );
    child.stdin?.on('error', () => {
      // The child may exit before reading everything; its exit code tells what happened.
    });
    child.stdin?.end(stdin === undefined ? undefined : Buffer.from(stdin, 'utf8'));
  });
}

function kubectlArgs(c: CredentialCase): string[] {
  // `--flag=value`, so a value starting with "-" is never taken for a flag.
  return [
    'create',
    'secret',
    'docker-registry',
    SECRET_NAME,
    ...(c.server === undefined ? [] : [`--docker-server=${c.server}`]),
    `--docker-username=${c.username}`,
    `--docker-password=${c.password}`,
    ...(c.email === undefined ? [] : [`--docker-email=${c.email}`]),
    '--dry-run=client',
    '-o',
    'json',
  ];
}

function cliArgs(c: CredentialCase): string[] {
  return [
    CLI,
    'create',
    SECRET_NAME,
    ...(c.server === undefined ? [] : [`--server=${c.server}`]),
    `--username=${c.username}`,
    '--password-stdin',
    ...(c.email === undefined ? [] : [`--email=${c.email}`]),
    '-o',
    'json',
  ];
}

/**
 * What to write to pull-secret's stdin so that it reads exactly `password`. --password-stdin drops one
 * trailing `\n` or `\r\n` (as `docker login --password-stdin` does), so half the cases end the input
 * with a newline the way `echo` would, the other half write the bare password; a password ending in
 * `\n` always gets the extra newline, one ending in `\r` never does.
 */
function stdinFor(password: string, index: number): string {
  if (password.endsWith('\n')) return `${password}\n`;
  if (password.endsWith('\r')) return password;
  return index % 2 === 0 ? `${password}\n` : password;
}

async function runCase(c: CredentialCase, index: number): Promise<CaseResult> {
  const [kubectl, cli] = await Promise.all([
    run(KUBECTL!, kubectlArgs(c)),
    run(process.execPath, cliArgs(c), stdinFor(c.password, index)),
  ]);
  return { kubectl, cli };
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The decoded .dockerconfigjson bytes from a Secret printed with `-o json`. */
function dockerConfigBytes(stdout: string): Buffer {
  const secret = JSON.parse(stdout) as { data?: Record<string, string> };
  const encoded = secret.data?.['.dockerconfigjson'];
  if (typeof encoded !== 'string') throw new Error('no data[".dockerconfigjson"] in the Secret');
  return Buffer.from(encoded, 'base64');
}

function describeRun(tool: string, result: RunResult, quiet: boolean): string {
  const stderr = quiet ? '(stderr hidden)' : JSON.stringify(result.stderr.slice(0, 500));
  return `${tool} exited ${result.code}${result.spawnError ? ` (${result.spawnError})` : ''}: ${stderr}`;
}

function clip(text: string, max = 2_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** A readable account of two differing buffers: first differing byte, a window around it, both in full. */
function describeMismatch(c: CredentialCase, expected: Buffer, actual: Buffer): string {
  if (c.quiet) return `${c.label}: .dockerconfigjson bytes differ (details hidden: quiet case)`;
  let offset = 0;
  while (offset < expected.length && offset < actual.length && expected[offset] === actual[offset]) offset++;
  const from = Math.max(0, offset - 40);
  const window = (b: Buffer) => JSON.stringify(b.subarray(from, offset + 40).toString('latin1'));
  const { label, quiet: _quiet, ...input } = c;
  return [
    `${label}: .dockerconfigjson differs at byte ${offset} (kubectl ${expected.length} bytes, pull-secret ${actual.length} bytes)`,
    `input: ${clip(JSON.stringify(input))}`,
    `kubectl     bytes ${from}..: ${window(expected)}`,
    `pull-secret bytes ${from}..: ${window(actual)}`,
    `kubectl:     ${clip(JSON.stringify(expected.toString('utf8')))}`,
    `pull-secret: ${clip(JSON.stringify(actual.toString('utf8')))}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------

if (!KUBECTL) {
  console.warn(
    'kubectl-conformance: SKIPPED — kubectl is not on PATH. Install it (Debian: kubernetes-client) to compare pull-secret create with kubectl byte for byte.',
  );
}

// In CI the oracle must be there: .ci/run installs it, so a missing kubectl is a broken set-up, not a skip.
it.runIf(Boolean(process.env.CI))('has kubectl on PATH in CI', () => {
  expect(KUBECTL, 'kubectl is not on PATH; .ci/run should have installed kubernetes-client').toBeTruthy();
});

describe.skipIf(!KUBECTL)(
  KUBECTL
    ? 'pull-secret create vs kubectl create secret docker-registry: identical .dockerconfigjson bytes'
    : 'kubectl conformance (SKIPPED: kubectl not on PATH)',
  { tags: ['needs-kubectl'] },
  () => {
    const results = new Map<CredentialCase, CaseResult>();

    beforeAll(async () => {
      if (!existsSync(CLI_BUNDLE)) {
        throw new Error(`${CLI_BUNDLE} is missing: build the CLI first (cd packages/cli && npx tsup).`);
      }
      const all = await mapLimit(allCases, CONCURRENCY, runCase);
      for (const [i, c] of allCases.entries()) results.set(c, all[i]!);
    });

    it(`has at least 60 deterministic credential sets (${allCases.length})`, () => {
      expect(allCases.length).toBeGreaterThanOrEqual(60);
      expect(generateCases()).toEqual(generatedCases);
      for (const c of allCases) {
        expect(c.password.includes('\u0000') || c.username.includes('\u0000'), c.label).toBe(false);
        expect(c.username.includes(':'), c.label).toBe(false);
      }
    });

    it.each(allCases)('$label', (c) => {
      const result = results.get(c)!;
      expect(result.kubectl.code, describeRun('kubectl', result.kubectl, Boolean(c.quiet))).toBe(0);
      expect(result.cli.code, describeRun('pull-secret', result.cli, Boolean(c.quiet))).toBe(0);
      const expected = dockerConfigBytes(result.kubectl.stdout);
      const actual = dockerConfigBytes(result.cli.stdout);

      // The harness itself: kubectl must have received the credentials intact, or the comparison
      // below would prove nothing.
      const entry = (
        JSON.parse(expected.toString('utf8')) as { auths: Record<string, Record<string, string>> }
      ).auths[c.server ?? DOCKER_HUB_KEY];
      expect(entry, `${c.label}: kubectl wrote no entry for the server`).toBeDefined();
      const intact =
        entry!.username === c.username &&
        entry!.password === c.password &&
        entry!.email === (c.email === '' ? undefined : c.email);
      expect(intact, `${c.label}: kubectl did not receive the credentials intact`).toBe(true);

      expect(actual.equals(expected), describeMismatch(c, expected, actual)).toBe(true);
    });

    it('negative control: a different password gives different bytes', async () => {
      const c: CredentialCase = {
        label: 'control',
        server: 'ghcr.io',
        username: 'me',
        password: 'right-pass',
      };
      const [kubectl, cli] = await Promise.all([
        run(KUBECTL!, kubectlArgs(c)),
        run(process.execPath, cliArgs(c), 'wrong-pass'),
      ]);
      expect(kubectl.code).toBe(0);
      expect(cli.code).toBe(0);
      const expected = dockerConfigBytes(kubectl.stdout);
      const actual = dockerConfigBytes(cli.stdout);
      expect(expected.length).toBeGreaterThan(0);
      expect(actual.equals(expected)).toBe(false);
    });

    it('never writes the canary password to stderr, on success or on a usage error', async () => {
      const canary = fixedCases.find((c) => c.password === CANARY)!;
      const ok = results.get(canary)!;
      expect(ok.cli.code).toBe(0);
      expect(ok.cli.stderr.includes(CANARY), 'pull-secret create leaked the password to stderr').toBe(false);

      // A failing run (invalid Secret name) with the same password on stdin, and --debug for stacks.
      const failed = await run(
        process.execPath,
        [
          CLI,
          'create',
          'Not_A_Valid_Name',
          '--server=ghcr.io',
          '--username=canary',
          '--password-stdin',
          '--debug',
        ],
        CANARY,
      );
      expect(failed.code).toBe(2);
      expect(failed.stderr.length).toBeGreaterThan(0);
      expect(
        failed.stderr.includes(CANARY),
        'pull-secret create leaked the password to stderr on error',
      ).toBe(false);
      expect(
        failed.stdout.includes(CANARY),
        'pull-secret create leaked the password to stdout on error',
      ).toBe(false);
    });
  },
);
