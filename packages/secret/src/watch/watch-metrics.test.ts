import { describe, expect, it } from 'vitest';
import { watchMetricsText } from './watch-metrics.js';

describe('watchMetricsText', () => {
  it('labels expiries by namespace, secret and registry as displayed (user info hidden), escaped', () => {
    const text = watchMetricsText(
      {
        counts: () => ({ refreshes: 4, refreshFailures: 1, writes: 7, lists: 2 }),
        expiries: () => [
          {
            namespace: 'apps',
            secret: 'regcred',
            registry: 'https://robot:CANARY-in-key@registry.example.com',
            secondsLeft: 99.6,
          },
          { namespace: 'apps', secret: 'regcred', registry: 'quay.io/"odd"', secondsLeft: -3 },
        ],
      },
      true,
    );
    expect(text).not.toContain('CANARY');
    expect(text).toContain(
      'pull_secret_seconds_until_expiry{namespace="apps",secret="regcred",registry="https://***@registry.example.com"} 100',
    );
    expect(text).toContain('registry="quay.io/\\"odd\\""} -3');
    expect(text).toMatch(/^pull_secret_refresh_total 4$/m);
    expect(text).toMatch(/^pull_secret_refresh_failures_total 1$/m);
    expect(text).toMatch(/^pull_secret_leader 1$/m);
  });
});
