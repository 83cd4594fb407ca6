// Timing helpers the start-up benchmarks share: one run's wall time, and summary statistics.
import { spawn } from 'node:child_process';

/**
 * Runs `file args` to completion (stdin written, stdout kept) and resolves with its wall time in
 * nanoseconds, from spawn to exit. Rejects on a non-zero exit, with `secret` replaced by *** in the
 * message.
 */
export function timeRun({ file, args, stdin = '', env, cwd, secret }) {
  const hide = (text) => (secret ? text.replaceAll(secret, '***') : text);
  return new Promise((resolve, reject) => {
    const chunks = [];
    const errors = [];
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = process.hrtime.bigint() - start;
      if (code !== 0) {
        const command = hide([file, ...args].join(' '));
        const stderr = hide(
          Buffer.concat([...errors, ...chunks])
            .toString()
            .trim(),
        );
        reject(new Error(`${command} exited ${code}:\n${stderr}`));
        return;
      }
      resolve({ ns: elapsed, stdout: Buffer.concat(chunks).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/** median (mean of the middle two for an even count), p90 (nearest rank), min, max and mean. */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const nearestRank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const median =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return {
    median,
    p90: nearestRank(90),
    min: sorted[0],
    max: sorted.at(-1),
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

/** Runs each tool `rounds` times, alternating and swapping which goes first each round. */
export async function alternate(tools, rounds) {
  const names = Object.keys(tools);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(Number((await timeRun(tools[name])).ns));
  }
  return samples;
}
