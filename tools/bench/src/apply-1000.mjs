#!/usr/bin/env node
// Apply benchmark: `pull-secret apply` to 1,000 namespaces of a kube-test-server that answers every
// request after 10 ms, 32 namespaces at a time, held against the targets of issue 10. The floor is set
// by the latency. The plan comes from lists (pages of 500: the namespaces, and the named Secret across
// all namespaces), then the writes go out C at a time:
// - empty cluster: ideal = (list pages + N creates / C) × latency; goal ≤ 1.5×, requests ≤ N + 8;
// - nothing to change: ideal = list pages × latency; goal no writes, ≤ 8 requests, ≤ 3×;
// - the same on an empty cluster of 10,000 namespaces (--large-namespaces): ≤ 1.5×, peak RSS ≤ 150 MiB;
// - the CLI's peak RSS over the 1,000-namespace runs: ≤ 120 MiB.
//
// Two clients are measured, each against a fresh server with an empty cluster:
// - the CLI, as users run it: `pull-secret apply … --concurrency C` from the built bundle, a child
//   process, with cli-probe.mjs loaded into it (`node --import`) to report its first request, its
//   requests and writes, CPU time and peak RSS. The targets are the CLI's, its apply timed from its
//   first request to exit; the whole command (spawn to exit) is given too.
// - the library: `applyPullSecret` from the built @pull-secret/secret, here in this process (connecting,
//   which loads client-node, is not timed); CPU profiles of this part show the library and client-node.
// The server runs as a child process (its CPU and memory are not the client's).
//
//   node tools/bench/src/apply-1000.mjs [--namespaces N] [--large-namespaces M] [--latency-ms MS]
//                                       [--concurrency C] [--json]
import { spawn } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, parseBenchOptions } from './bench-options.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_BIN = join(ROOT, 'tools/kube-test-server/bin/kube-test-server.js');
const SERVER_DIST = join(ROOT, 'tools/kube-test-server/dist/cli.js');
const SECRET_DIST = join(ROOT, 'packages/secret/dist/index.js');
const CLI_BIN = join(ROOT, 'packages/cli/bin/pull-secret.js');
const CLI_DIST = join(ROOT, 'packages/cli/dist/bin.js');
const CLI_PROBE = new URL('./cli-probe.mjs', import.meta.url).href;
// The list page size the ideal counts with, and the namespaces kube-test-server always has (default,
// kube-system, kube-public) besides ns-1…ns-N.
const PAGE_SIZE = 500;
const BASE_NAMESPACES = 3;
const GOALS = {
  emptyRatio: 1.5,
  emptyExtraRequests: 8,
  unchangedRatio: 3,
  unchangedRequests: 8,
  largeRssMiB: 150,
  rssMiB: 120,
};
// A CLI run that takes longer than this is stopped: the bench stays bounded on a slow machine.
const CLI_TIMEOUT_MS = 10 * 60_000;
const SECRET_NAME = 'bench-pull';
// A fake token: the benchmark needs a realistic length, not a real secret.
const CREDENTIAL = {
  registry: 'registry.example.com',
  username: 'bench',
  password: 'bench-token-0000000000000000000000000000',
};

function usage() {
  return `Usage: node tools/bench/src/apply-1000.mjs [--namespaces N] [--large-namespaces M] [--latency-ms MS] [--concurrency C] [--json]

Starts kube-test-server (child process) with N namespaces (default 1000) and MS ms latency per request
(default 10), then applies one pull Secret to ns-1…ns-N with concurrency C (default 32), twice: first
on an empty cluster (N creates), then again (N unchanged). It does so with the pull-secret CLI (a child
process), then with applyPullSecret in this process, each against a fresh server; then the CLI once more
on an empty cluster of M namespaces (default 10000; 0 leaves that run out). Prints the targets of
issue 10 (ratios against the latency floor, requests, peak RSS) with PASS/MISS, then each run's wall
time, CPU time and peak RSS. Exits 1 when the outcomes are wrong, 2 on bad usage.
`;
}

function parseOptions(argv) {
  const options = parseBenchOptions(
    argv,
    { namespaces: [1000, 1], 'large-namespaces': [10000, 0], 'latency-ms': [10, 0], concurrency: [32, 1] },
    usage(),
  );
  return {
    namespaces: options.namespaces,
    largeNamespaces: options['large-namespaces'],
    latencyMs: options['latency-ms'],
    concurrency: options.concurrency,
    json: options.json,
  };
}

/** Starts the server; resolves once it printed its "listening" line (the kubeconfig is written by then). */
function startServer({ kubeconfig, namespaces, latencyMs }) {
  const child = spawn(
    process.execPath,
    [
      SERVER_BIN,
      '--kubeconfig',
      kubeconfig,
      '--namespaces',
      String(namespaces),
      '--latency-ms',
      String(latencyMs),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`kube-test-server did not start within 30 s:\n${stderr}`));
    }, 30_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      stderr += text;
    });
    child.stdout.on('data', (text) => {
      stdout += text;
      const match = /kube-test-server listening on (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kube-test-server exited (${signal ?? code}) before listening:\n${stderr}`));
    });
  });
}

function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Counts, in this process, the HTTP requests undici (client-node's HTTP stack) starts and the TCP+TLS
 * connections it opens, through undici's diagnostics channels: fewer connections than requests means
 * keep-alive connections are reused.
 */
function connectionCounter() {
  const counts = { requests: 0, writes: 0, connections: 0 };
  const onRequest = ({ request }) => {
    counts.requests++;
    if (request?.method !== 'GET') counts.writes++;
  };
  const onConnected = () => {
    counts.connections++;
  };
  diagnosticsChannel.subscribe('undici:request:create', onRequest);
  diagnosticsChannel.subscribe('undici:client:connected', onConnected);
  return {
    take() {
      const taken = { ...counts };
      counts.requests = 0;
      counts.writes = 0;
      counts.connections = 0;
      return taken;
    },
  };
}

const mib = (bytes) => bytes / 1024 / 1024;

/** CPU time (user + system, ms) a process has used, from /proc; undefined where there is none. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (USER_HZ, 100 on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** One timed applyPullSecret, with its peak RSS (sampled every 5 ms) and process maxRSS afterwards. */
async function timedRun({ applyPullSecret, api, options, counter, serverPid }) {
  if (global.gc) global.gc();
  const baselineRss = process.memoryUsage.rss();
  let sampledPeak = baselineRss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 5);
  counter.take();
  const serverCpuBefore = processCpuMs(serverPid);
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await applyPullSecret(api, options);
  const wallNs = process.hrtime.bigint() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuAfter = processCpuMs(serverPid);
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  const traffic = counter.take();
  return {
    result,
    wallMs: Number(wallNs) / 1e6,
    baselineMiB: mib(baselineRss),
    sampledPeakMiB: mib(sampledPeak),
    growthMiB: mib(sampledPeak - baselineRss),
    // maxRSS is in KiB and covers the whole process so far: module loading and earlier runs included.
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: mib(process.memoryUsage().heapUsed),
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    serverCpuMs:
      serverCpuBefore === undefined || serverCpuAfter === undefined
        ? undefined
        : serverCpuAfter - serverCpuBefore,
    ...traffic,
  };
}

function checkOutcomes(result, expected, count) {
  const outcomes = {};
  for (const ns of result.namespaces) outcomes[ns.outcome] = (outcomes[ns.outcome] ?? 0) + 1;
  const names = result.namespaces.map((ns) => ns.namespace);
  const expectedNames = Array.from({ length: count }, (_, i) => `ns-${i + 1}`);
  const sameNames =
    names.length === expectedNames.length && [...names].sort().join() === [...expectedNames].sort().join();
  const ok = result.ok && sameNames && outcomes[expected] === count;
  const firstProblem = result.namespaces.find((ns) => ns.outcome !== expected);
  return {
    ok,
    outcomes,
    problem: ok
      ? undefined
      : !sameNames
        ? `expected exactly ns-1…ns-${count}, got ${names.length} namespaces`
        : `${firstProblem?.namespace}: ${firstProblem?.outcome} (${firstProblem?.reason ?? 'no reason'})`,
  };
}

/** The library's figures for one run, against its ideal. */
function figures(run, { idealMs, ratioGoal, expected, count }) {
  const ratio = run.wallMs / idealMs;
  const check = checkOutcomes(run.result, expected, count);
  return {
    expected,
    outcomes: check.outcomes,
    outcomesOk: check.ok,
    problem: check.problem,
    idealMs: round(idealMs),
    wallMs: round(run.wallMs),
    ratio: round(ratio, 3),
    ratioGoal,
    ratioPass: ratio <= ratioGoal,
    rss: {
      baselineMiB: round(run.baselineMiB),
      sampledPeakMiB: round(run.sampledPeakMiB),
      growthMiB: round(run.growthMiB),
      processPeakMiB: round(run.maxRssMiB),
      heapUsedAfterMiB: round(run.heapUsedMiB),
    },
    cpu: {
      clientMs: round(run.clientCpuMs),
      serverMs: run.serverCpuMs === undefined ? null : round(run.serverCpuMs),
    },
    requests: run.requests,
    writes: run.writes,
    connections: run.connections,
    requestsPerConnection: run.connections > 0 ? round(run.requests / run.connections, 2) : null,
  };
}

function round(value, digits = 1) {
  return Number(value.toFixed(digits));
}

const pass = (ok) => (ok ? 'PASS' : 'MISS');

/** The lines every run's report starts with: its title, the outcomes (and what was wrong), the ideal. */
function reportHead(title, f) {
  const outcomes = Object.entries(f.outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  return [
    title,
    `  outcomes           ${outcomes}${f.outcomesOk ? '' : `  WRONG: ${f.problem}`}`,
    `  ideal              ${f.idealMs.toFixed(1)} ms`,
  ];
}

function report(title, f) {
  return [
    ...reportHead(title, f),
    `  measured           ${f.wallMs.toFixed(1)} ms: ratio ${f.ratio.toFixed(2)} (goal ≤ ${f.ratioGoal}: ${pass(f.ratioPass)})`,
    `  peak RSS           ${f.rss.processPeakMiB.toFixed(1)} MiB (the bench process, client-node unbundled); this run: ${f.rss.baselineMiB.toFixed(1)} → ${f.rss.sampledPeakMiB.toFixed(1)} MiB (+${f.rss.growthMiB.toFixed(1)})`,
    `  CPU time           this process ${f.cpu.clientMs.toFixed(0)} ms, kube-test-server ${f.cpu.serverMs === null ? 'unknown' : `${f.cpu.serverMs.toFixed(0)} ms`} (${os.availableParallelism()} CPUs for both)`,
    `  requests           ${f.requests} (${f.writes} writes) over ${f.connections} connections${f.requestsPerConnection === null ? '' : ` (${f.requestsPerConnection} per connection)`}`,
  ].join('\n');
}

/**
 * One `pull-secret apply` through the CLI, as a user runs it (the token on stdin), with cli-probe.mjs
 * loaded into it. Resolves with its JSON report, the probe's figures and the wall time from spawn to exit.
 */
function cliRun({ kubeconfig, concurrency, serverPid, command = 'apply' }) {
  const args =
    command === 'apply'
      ? [
          'apply',
          SECRET_NAME,
          '--server',
          CREDENTIAL.registry,
          '--username',
          CREDENTIAL.username,
          '--password-stdin',
          '--all-namespaces',
          '--exclude-namespace',
          'kube-*',
          '--exclude-namespace',
          'default',
          '--concurrency',
          String(concurrency),
          '--kubeconfig',
          kubeconfig,
          '-o',
          'json',
        ]
      : ['status', '--all-namespaces', '--kubeconfig', kubeconfig, '-o', 'json'];
  return new Promise((resolve, reject) => {
    const stdout = [];
    const stderr = [];
    const probe = [];
    const serverCpuBefore = processCpuMs(serverPid);
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', CLI_PROBE, CLI_BIN, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.stdio[3].on('data', (chunk) => probe.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        reject(new Error(`pull-secret ${command} took longer than ${CLI_TIMEOUT_MS / 60_000} minutes`));
        return;
      }
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const serverCpuAfter = processCpuMs(serverPid);
      const errorText = Buffer.concat(stderr).toString('utf8');
      if (errorText.includes(CREDENTIAL.password)) {
        reject(new Error('pull-secret printed the password'));
        return;
      }
      let result;
      let measured;
      try {
        result = JSON.parse(Buffer.concat(stdout).toString('utf8'));
        measured = JSON.parse(Buffer.concat(probe).toString('utf8'));
      } catch {
        reject(new Error(`pull-secret ${command} exited ${code} without its report:\n${errorText}`));
        return;
      }
      resolve({
        result,
        wallMs,
        probe: measured,
        serverCpuMs:
          serverCpuBefore === undefined || serverCpuAfter === undefined
            ? undefined
            : serverCpuAfter - serverCpuBefore,
      });
    });
    child.stdin.end(CREDENTIAL.password);
  });
}

/** The CLI's figures for one run, against its ideal (from its first request to exit). */
function cliFigures(run, { idealMs, ratioGoal, expected, count }) {
  const check = checkOutcomes(run.result, expected, count);
  const { probe } = run;
  const applyMs = probe.exitMs - probe.firstRequestMs;
  return {
    expected,
    outcomes: check.outcomes,
    outcomesOk: check.ok,
    problem: check.problem,
    idealMs: round(idealMs),
    commandWallMs: round(run.wallMs),
    commandRatio: round(run.wallMs / idealMs, 3),
    startupMs: round(probe.firstRequestMs),
    applyWallMs: round(applyMs),
    applyRatio: round(applyMs / idealMs, 3),
    ratioGoal,
    applyRatioPass: applyMs / idealMs <= ratioGoal,
    peakRssMiB: round(probe.peakRssMiB),
    cpu: {
      clientMs: round(probe.cpuMs),
      clientStartupMs: round(probe.startupCpuMs),
      serverMs: run.serverCpuMs === undefined ? null : round(run.serverCpuMs),
    },
    requests: probe.requests,
    writes: probe.writes,
    connections: probe.connections,
  };
}

function cliReport(title, f) {
  return [
    ...reportHead(title, f),
    `  apply              ${f.applyWallMs.toFixed(1)} ms from its first request to exit: ratio ${f.applyRatio.toFixed(2)} (goal ≤ ${f.ratioGoal}: ${pass(f.applyRatioPass)})`,
    `  whole command      ${f.commandWallMs.toFixed(1)} ms from spawn to exit, ${f.startupMs.toFixed(0)} ms of it before the first request: ratio ${f.commandRatio.toFixed(2)}`,
    `  peak RSS           ${f.peakRssMiB.toFixed(1)} MiB`,
    `  CPU time           pull-secret ${f.cpu.clientMs.toFixed(0)} ms, ${f.cpu.clientStartupMs.toFixed(0)} ms of it before the first request; kube-test-server ${f.cpu.serverMs === null ? 'unknown' : `${f.cpu.serverMs.toFixed(0)} ms`}`,
    `  requests           ${f.requests} (${f.writes} writes) over ${f.connections} connections`,
  ].join('\n');
}

/** The list pages the ideal counts: namespaces, then the named Secret across all namespaces. */
function listPages(namespaces, secrets) {
  return Math.ceil((namespaces + BASE_NAMESPACES) / PAGE_SIZE) + Math.max(1, Math.ceil(secrets / PAGE_SIZE));
}

function expectationsFor(namespaces, concurrency, latencyMs) {
  const emptyPages = listPages(namespaces, 0);
  const unchangedPages = listPages(namespaces, namespaces);
  return {
    create: {
      idealMs: (emptyPages + namespaces / concurrency) * latencyMs,
      idealText: `(${emptyPages} list pages + ${namespaces} creates / ${concurrency}) × ${latencyMs} ms`,
      ratioGoal: GOALS.emptyRatio,
      expected: 'created',
      count: namespaces,
    },
    unchanged: {
      idealMs: unchangedPages * latencyMs,
      idealText: `${unchangedPages} list pages × ${latencyMs} ms`,
      ratioGoal: GOALS.unchangedRatio,
      expected: 'unchanged',
      count: namespaces,
    },
  };
}

/** The four rows of issue 10's target table, each goal with PASS/MISS. */
function targetRows({ namespaces, largeNamespaces, cli }) {
  const n = (count) => count.toLocaleString('en-US');
  const ratio = (f) => ({
    name: 'time',
    value: `${f.applyRatio.toFixed(2)}×`,
    goal: `≤ ${f.ratioGoal}×`,
    pass: f.applyRatioPass,
  });
  const rows = [
    {
      run: `${n(namespaces)} namespaces, empty cluster`,
      figures: cli.create,
      goals: [
        ratio(cli.create),
        {
          name: 'requests',
          value: String(cli.create.requests),
          goal: `≤ ${namespaces + GOALS.emptyExtraRequests}`,
          pass: cli.create.requests <= namespaces + GOALS.emptyExtraRequests,
        },
      ],
    },
    {
      run: `${n(namespaces)} namespaces, nothing to change`,
      figures: cli.unchanged,
      goals: [
        { name: 'writes', value: String(cli.unchanged.writes), goal: '0', pass: cli.unchanged.writes === 0 },
        {
          name: 'requests',
          value: String(cli.unchanged.requests),
          goal: `≤ ${GOALS.unchangedRequests}`,
          pass: cli.unchanged.requests <= GOALS.unchangedRequests,
        },
        ratio(cli.unchanged),
      ],
    },
  ];
  if (cli.large) {
    rows.push({
      run: `${n(largeNamespaces)} namespaces, empty cluster`,
      figures: cli.large,
      goals: [
        ratio(cli.large),
        {
          name: 'peak RSS',
          value: `${cli.large.peakRssMiB.toFixed(1)} MiB`,
          goal: `≤ ${GOALS.largeRssMiB} MiB`,
          pass: cli.large.peakRssMiB <= GOALS.largeRssMiB,
        },
      ],
    });
  }
  const peak = Math.max(cli.create.peakRssMiB, cli.unchanged.peakRssMiB);
  rows.push({
    run: `CLI peak RSS, ${n(namespaces)} namespaces`,
    goals: [
      {
        name: 'peak RSS',
        value: `${peak.toFixed(1)} MiB`,
        goal: `≤ ${GOALS.rssMiB} MiB`,
        pass: peak <= GOALS.rssMiB,
      },
    ],
  });
  return rows;
}

function targetReport(rows) {
  const lines = [];
  for (const row of rows) {
    const f = row.figures;
    lines.push(
      f
        ? `${row.run}: ideal ${f.idealMs.toFixed(1)} ms, apply ${f.applyWallMs.toFixed(1)} ms; ${f.requests} requests (${f.writes} writes); CPU ${f.cpu.clientMs.toFixed(0)} ms; peak RSS ${f.peakRssMiB.toFixed(1)} MiB`
        : `${row.run}:`,
    );
    for (const goal of row.goals) {
      lines.push(
        `  ${pass(goal.pass)}  ${goal.name.padEnd(9)} ${goal.value.padStart(11)}  (goal ${goal.goal})`,
      );
    }
  }
  return lines.join('\n');
}

async function main() {
  const { namespaces, largeNamespaces, latencyMs, concurrency, json } = parseOptions(process.argv.slice(2));
  for (const [file, build] of [
    [SERVER_DIST, 'tools/kube-test-server'],
    [SECRET_DIST, 'packages/secret'],
    [CLI_DIST, 'packages/cli'],
  ]) {
    if (!existsSync(file)) fail(`${file} is missing: build ${build} first (npx nx run-many -t build).`);
  }
  const counter = connectionCounter();
  const startupRss = process.memoryUsage.rss();
  const expectations = expectationsFor(namespaces, concurrency, latencyMs);

  const dir = await mkdtemp(join(os.tmpdir(), 'pull-secret-bench-'));
  const kubeconfig = join(dir, 'config');
  let server;
  try {
    // The CLI first, against a fresh, empty cluster, before the library fills this process. A
    // `status` first fills Node's compile cache for the client-node chunk (as any earlier run on the
    // machine would have), so both runs start alike.
    server = await startServer({ kubeconfig, namespaces, latencyMs });
    let serverPid = server.child.pid;
    await cliRun({ kubeconfig, concurrency, serverPid, command: 'status' });
    const cli = {
      create: cliFigures(await cliRun({ kubeconfig, concurrency, serverPid }), expectations.create),
      unchanged: cliFigures(await cliRun({ kubeconfig, concurrency, serverPid }), expectations.unchanged),
    };
    await stopServer(server.child);

    let large;
    if (largeNamespaces > 0) {
      server = await startServer({ kubeconfig, namespaces: largeNamespaces, latencyMs });
      serverPid = server.child.pid;
      const expected = expectationsFor(largeNamespaces, concurrency, latencyMs).create;
      cli.large = cliFigures(await cliRun({ kubeconfig, concurrency, serverPid }), expected);
      large = expected;
      await stopServer(server.child);
    }

    server = await startServer({ kubeconfig, namespaces, latencyMs });
    serverPid = server.child.pid;
    const { applyPullSecret, connectKubeApi } = await import('@pull-secret/secret');
    // Connecting loads client-node and reads the kubeconfig: once per process, not part of a run.
    const connectStart = process.hrtime.bigint();
    const api = await connectKubeApi({ kubeconfig });
    const connectMs = Number(process.hrtime.bigint() - connectStart) / 1e6;
    const options = {
      name: SECRET_NAME,
      credentials: [CREDENTIAL],
      targets: { allNamespaces: true, exclude: ['kube-*', 'default'] },
      concurrency,
    };
    const library = {
      create: figures(
        await timedRun({ applyPullSecret, api, options, counter, serverPid }),
        expectations.create,
      ),
      unchanged: figures(
        await timedRun({ applyPullSecret, api, options, counter, serverPid }),
        expectations.unchanged,
      ),
    };

    const environment = {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.availableParallelism(),
      loadAverage: os.loadavg().map((load) => round(load, 2)),
    };
    const rows = targetRows({ namespaces, largeNamespaces, cli });
    const runs = [
      library.create,
      library.unchanged,
      cli.create,
      cli.unchanged,
      ...(cli.large ? [cli.large] : []),
    ];
    const ok = runs.every((f) => f.outcomesOk);
    if (json) {
      const result = {
        namespaces,
        largeNamespaces,
        latencyMs,
        concurrency,
        pageSize: PAGE_SIZE,
        environment,
        targets: rows.map(({ run, goals }) => ({ run, goals })),
        startupRssMiB: round(mib(startupRss)),
        connectMs: round(connectMs),
        runs: library,
        cli,
        ok,
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(
        [
          `apply to ${namespaces} namespaces${largeNamespaces > 0 ? ` (and ${largeNamespaces})` : ''}, ${latencyMs} ms latency per request, concurrency ${concurrency}, list pages of ${PAGE_SIZE}`,
          `node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs shared with kube-test-server (a child process); load average ${environment.loadAverage.join(', ')}`,
          '',
          'Targets (issue 10), pull-secret apply from its first request to exit:',
          targetReport(rows),
          '',
          'pull-secret apply (the CLI bundle, a child process):',
          '',
          cliReport(`run 1, empty cluster: ideal = ${expectations.create.idealText}`, cli.create),
          '',
          cliReport(`run 2, nothing to change: ideal = ${expectations.unchanged.idealText}`, cli.unchanged),
          ...(cli.large
            ? [
                '',
                cliReport(
                  `${largeNamespaces} namespaces, empty cluster: ideal = ${large.idealText}`,
                  cli.large,
                ),
              ]
            : []),
          '',
          'applyPullSecret (the built library, in this process):',
          `start-up: RSS ${mib(startupRss).toFixed(1)} MiB before loading the library; connect (load client-node, read kubeconfig) ${connectMs.toFixed(1)} ms`,
          '',
          report(`run 1, empty cluster: ideal = ${expectations.create.idealText}`, library.create),
          '',
          report(`run 2, nothing to change: ideal = ${expectations.unchanged.idealText}`, library.unchanged),
          '',
        ].join('\n'),
      );
    }
    if (!ok) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server.child);
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
