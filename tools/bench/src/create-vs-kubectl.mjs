#!/usr/bin/env node
// Start-up benchmark: `pull-secret create` against `kubectl create secret docker-registry --dry-run=client`.
// Both print the same Secret as YAML; a short command's time is almost all start-up, so this measures how
// fast the CLI gets going. Wall time per run, from spawn to exit, with process.hrtime.bigint().
//
//   node tools/bench/src/create-vs-kubectl.mjs [--rounds N] [--json]
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import os from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, parseBenchOptions } from './bench-options.mjs';
import { alternate, stats, timeRun } from './timing.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'packages/cli/bin/pull-secret.js');
const CLI_BUNDLE = join(ROOT, 'packages/cli/dist/bin.js');
const WARMUP = 3;
const TARGET = 0.9;
// A fake GitHub token: the benchmark needs a realistic length, not a real secret.
const TOKEN = 'ghp_bench0000000000000000000000000000000';

function usage() {
  return `Usage: node tools/bench/src/create-vs-kubectl.mjs [--rounds N] [--json]

Runs pull-secret create and kubectl create secret docker-registry --dry-run=client alternately,
N rounds (default 30) after ${WARMUP} warm-up runs each, and compares their wall times.
`;
}

function parseOptions(argv) {
  return parseBenchOptions(argv, { rounds: [30, 1] }, usage());
}

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The base64 .dockerconfigjson value in a `-o yaml` Secret. */
function dockerConfigOf(yaml) {
  return /^\s*\.dockerconfigjson:\s*(\S+)\s*$/m.exec(yaml)?.[1];
}

function kubectlVersion(kubectl) {
  try {
    const out = execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
    return JSON.parse(out).clientVersion?.gitVersion ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const ms = (ns) => ns / 1e6;
const fmt = (ns) => ms(ns).toFixed(1).padStart(8);

async function main() {
  const { rounds, json } = parseOptions(process.argv.slice(2));
  const kubectl = findOnPath('kubectl');
  if (!kubectl) fail('kubectl is not on PATH; install it (Debian: kubernetes-client) to run this benchmark.');
  if (!existsSync(CLI_BUNDLE))
    fail(`${CLI_BUNDLE} is missing: build the CLI first (cd packages/cli && npx tsup).`);

  const tools = {
    'pull-secret': {
      file: process.execPath,
      args: [
        CLI,
        'create',
        'regcred',
        '--server',
        'ghcr.io',
        '--username',
        'me',
        '--password-stdin',
        '-o',
        'yaml',
      ],
      stdin: `${TOKEN}\n`,
      cwd: ROOT,
      secret: TOKEN,
    },
    kubectl: {
      file: kubectl,
      args: [
        'create',
        'secret',
        'docker-registry',
        'regcred',
        '--docker-server=ghcr.io',
        '--docker-username=me',
        `--docker-password=${TOKEN}`,
        '--dry-run=client',
        '-o',
        'yaml',
      ],
      stdin: '',
      cwd: ROOT,
      secret: TOKEN,
    },
  };
  const names = Object.keys(tools);

  // Warm-up: page cache, Node's compile cache; and a check that both print the same credentials.
  const firstOutput = {};
  for (let i = 0; i < WARMUP; i++) {
    for (const name of names) firstOutput[name] ??= (await timeRun(tools[name])).stdout;
  }
  const outputs = names.map((name) => dockerConfigOf(firstOutput[name]));
  if (!outputs[0] || outputs[0] !== outputs[1]) {
    fail('pull-secret and kubectl printed different .dockerconfigjson values; fix that before timing them.');
  }

  // Alternate, and swap which goes first each round, so drift (thermal, other load) hits both alike.
  const samples = await alternate(tools, rounds);

  const results = Object.fromEntries(names.map((name) => [name, stats(samples[name])]));
  const ratio = results['pull-secret'].median / results.kubectl.median;
  const pass = ratio <= TARGET;
  const environment = {
    node: process.version,
    kubectl: kubectlVersion(kubectl),
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
  };

  if (json) {
    const toMs = (s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Number(ms(v).toFixed(3))]));
    const report = {
      rounds,
      warmup: WARMUP,
      unit: 'ms',
      environment,
      results: Object.fromEntries(names.map((name) => [name, toMs(results[name])])),
      samples: Object.fromEntries(
        names.map((name) => [name, samples[name].map((ns) => Number(ms(ns).toFixed(3)))]),
      ),
      ratio: Number(ratio.toFixed(4)),
      ratioOf: 'median(pull-secret) / median(kubectl)',
      target: TARGET,
      pass,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }

  const lines = [
    `pull-secret create vs kubectl create secret docker-registry (-o yaml), ${rounds} rounds after ${WARMUP} warm-up runs each`,
    `node ${environment.node}, kubectl ${environment.kubectl}, ${environment.platform}, ${environment.cpus} CPUs`,
    '',
    `${'wall time (ms)'.padEnd(14)}${'median'.padStart(8)}${'p90'.padStart(8)}${'min'.padStart(8)}`,
    ...names.map(
      (name) =>
        `${name.padEnd(14)}${fmt(results[name].median)}${fmt(results[name].p90)}${fmt(results[name].min)}`,
    ),
    '',
    `ratio (pull-secret / kubectl) = ${ratio.toFixed(2)}`,
    `target ≤ ${TARGET.toFixed(2)}: ${pass ? 'PASS' : 'MISS'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  await main();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
