import type { CliIo } from './cli-io.js';

/**
 * A one-line `label: done/total` counter on stderr, redrawn at most ten times a second, only when
 * stderr is a terminal (never in logs or pipes).
 */
export function progressLine(
  io: CliIo,
  label: string,
): { update: (done: number, total: number) => void; done: () => void } {
  if (!io.stderrIsTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\r\x1b[K${label}: ${done}/${total} namespaces`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
