import { describe, expect, it } from 'vitest';
import { prometheusText } from './prometheus-text.js';

describe('prometheusText', () => {
  it('writes HELP, TYPE and samples, label values escaped as the exposition format says', () => {
    const text = prometheusText([
      {
        name: 'pull_secret_refresh_total',
        help: 'Logins made again.',
        type: 'counter',
        samples: [{ value: 3 }],
      },
      {
        name: 'pull_secret_seconds_until_expiry',
        help: 'Seconds left.',
        type: 'gauge',
        samples: [{ labels: { namespace: 'a', registry: 'we"ird\\key\nx' }, value: 1.5 }],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP pull_secret_refresh_total Logins made again.',
        '# TYPE pull_secret_refresh_total counter',
        'pull_secret_refresh_total 3',
        '# HELP pull_secret_seconds_until_expiry Seconds left.',
        '# TYPE pull_secret_seconds_until_expiry gauge',
        'pull_secret_seconds_until_expiry{namespace="a",registry="we\\"ird\\\\key\\nx"} 1.5',
        '',
      ].join('\n'),
    );
  });
});
