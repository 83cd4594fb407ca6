#!/usr/bin/env node
// Start-up benchmark of the GitHub Action: `node actions/pull-secret/dist/index.js` in manifest mode,
// as the runner starts it (INPUT_* variables, GITHUB_OUTPUT, RUNNER_TEMP), against bare `node -e 0`,
// alternated. Then the size of dist: the static path (what every run loads) and each lazy chunk, with
// the packages that make it up, from an esbuild metafile of a fresh build.
//
//   node tools/bench/src/action-startup.mjs [--rounds N] [--json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, parseBenchOptions } from './bench-options.mjs';
import { alternate, stats, timeRun } from './timing.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ACTION = join(ROOT, 'actions/pull-secret');
const ENTRY = join(ACTION, 'dist/index.js');
const WARMUP = 3;
const TARGET_MS = 100;
const TARGET_STATIC_BYTES = 1024 * 1024;
const TOKEN = 'ghp_bench0000000000000000000000000000000';

const usage = `Usage: node tools/bench/src/action-startup.mjs [--rounds N] [--json]

Runs the Action's bundle in manifest mode and "node -e 0" alternately, N rounds (default 30) after
${WARMUP} warm-up runs each; prints the difference of the medians and the size of dist.
`;

/** Every chunk `file` imports statically (import … from "./x.js"), itself included, transitively. */
function staticClosure(dir, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(dir, file), 'utf8');
  for (const match of text.matchAll(
    /(?:^|[;}\s])(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']\.\/([^"']+)["']/g,
  )) {
    staticClosure(dir, match[1], seen);
  }
  return seen;
}

/** A fresh build with a metafile: for each output chunk, its bytes and the packages it holds. */
function chunkContents() {
  const out = mkdtempSync(join(os.tmpdir(), 'pull-secret-action-meta-'));
  try {
    execFileSync('npx', ['tsup', '--out-dir', out, '--metafile'], { cwd: ACTION, stdio: 'ignore' });
    const metafile = JSON.parse(readFileSync(join(out, 'metafile-esm.json'), 'utf8'));
    const chunks = {};
    for (const [path, output] of Object.entries(metafile.outputs)) {
      if (!path.endsWith('.js')) continue;
      const byPackage = {};
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const name = packageOf(input);
        byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
      }
      const top = Object.entries(byPackage)
        .filter(([, bytes]) => bytes > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name]) => name);
      chunks[path.split('/').at(-1)] = top;
    }
    return chunks;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function packageOf(input) {
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (nodeModules) return nodeModules[1];
  const workspace = /(?:^|\/)(packages\/(?:providers\/)?[^/]+|actions\/[^/]+)\//.exec(input);
  return workspace ? workspace[1] : input;
}

async function main() {
  const { rounds, json } = parseBenchOptions(process.argv.slice(2), { rounds: [30, 1] }, usage);
  try {
    statSync(ENTRY);
  } catch {
    fail(`${ENTRY} is missing: build it (npm run build -w @pull-secret/action).`);
  }
  const temp = mkdtempSync(join(os.tmpdir(), 'pull-secret-action-bench-'));
  try {
    const output = join(temp, 'github_output');
    writeFileSync(output, '');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: temp,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: temp,
      INPUT_MODE: 'manifest',
      'INPUT_SECRET-NAME': 'regcred',
      INPUT_REGISTRY: 'ghcr.io',
      INPUT_USERNAME: 'me',
      INPUT_PASSWORD: TOKEN,
      INPUT_NAMESPACES: 'default',
    };
    const tools = {
      action: { file: process.execPath, args: [ENTRY], env, secret: TOKEN },
      'node -e 0': { file: process.execPath, args: ['-e', '0'], env },
    };
    for (let i = 0; i < WARMUP; i++) for (const tool of Object.values(tools)) await timeRun(tool);
    const samples = await alternate(tools, rounds);
    const action = stats(samples.action);
    const bare = stats(samples['node -e 0']);
    const overMs = (action.median - bare.median) / 1e6;

    const dist = join(ACTION, 'dist');
    const files = readdirSync(dist).filter((file) => file.endsWith('.js'));
    const staticFiles = staticClosure(dist, 'index.js');
    const contents = chunkContents();
    const size = (file) => statSync(join(dist, file)).size;
    const staticBytes = [...staticFiles].reduce((sum, file) => sum + size(file), 0);
    const lazy = files
      .filter((file) => !staticFiles.has(file))
      .map((file) => ({ file, bytes: size(file), holds: contents[file] ?? [] }))
      .sort((a, b) => b.bytes - a.bytes);

    const report = {
      rounds,
      node: process.version,
      cpus: os.availableParallelism(),
      medianMs: { action: action.median / 1e6, bare: bare.median / 1e6 },
      overBareNodeMs: Number(overMs.toFixed(1)),
      targetMs: TARGET_MS,
      startupPass: overMs <= TARGET_MS,
      staticPath: { files: [...staticFiles], bytes: staticBytes, pass: staticBytes <= TARGET_STATIC_BYTES },
      lazyChunks: lazy,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    const lines = [
      `The Action in manifest mode vs node -e 0, ${rounds} rounds after ${WARMUP} warm-up runs each`,
      `node ${report.node}, ${report.cpus} CPUs`,
      '',
      `${'wall time (ms)'.padEnd(16)}${'median'.padStart(8)}${'p90'.padStart(8)}${'min'.padStart(8)}`,
      ...[
        ['action', action],
        ['node -e 0', bare],
      ].map(
        ([name, s]) =>
          `${name.padEnd(16)}${[s.median, s.p90, s.min].map((ns) => (ns / 1e6).toFixed(1).padStart(8)).join('')}`,
      ),
      '',
      `over bare Node: ${overMs.toFixed(1)} ms (target ≤ ${TARGET_MS} ms): ${report.startupPass ? 'PASS' : 'MISS'}`,
      `static path: ${kib(staticBytes)} in ${staticFiles.size} file(s) (target ≤ 1 MiB): ${report.staticPath.pass ? 'PASS' : 'MISS'}`,
      'lazy chunks:',
      ...lazy.map(({ file, bytes, holds }) => `  ${kib(bytes).padStart(9)}  ${file}  (${holds.join(', ')})`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
