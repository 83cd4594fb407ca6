// Loaded into the pull-secret process with `node --import` by apply-1000.mjs: it measures the command
// from inside without changing it, and writes one JSON line to fd 3 when the process exits.
// - the time and CPU time used up to the first HTTP request (the namespace list), from undici's
//   diagnostics channel, so the apply itself can be held against the ideal apart from start-up;
// - requests sent (and how many of them were writes, not GETs) and connections opened (undici's
//   channels are process-wide, bundled copy included);
// - CPU time, and the peak RSS (maxRSS), which counts the whole life of the process.
import diagnosticsChannel from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';

const probe = {
  firstRequestMs: undefined,
  startupCpuMs: undefined,
  requests: 0,
  writes: 0,
  connections: 0,
};
diagnosticsChannel.subscribe('undici:request:create', ({ request }) => {
  probe.requests++;
  if (request?.method !== 'GET') probe.writes++;
  if (probe.firstRequestMs !== undefined) return;
  probe.firstRequestMs = performance.now();
  const cpu = process.cpuUsage();
  probe.startupCpuMs = (cpu.user + cpu.system) / 1000;
});
diagnosticsChannel.subscribe('undici:client:connected', () => {
  probe.connections++;
});

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const report = {
    ...probe,
    // performance.now() counts from the start of the process.
    exitMs: performance.now(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  writeSync(3, `${JSON.stringify(report)}\n`);
});
