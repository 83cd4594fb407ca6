import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { watchSettings } from './apply-watch.js';

describe('watchSettings', () => {
  it('is undefined without --watch, and has client-go’s lease timings by default', () => {
    expect(watchSettings({}, 'regcred')).toBeUndefined();
    expect(watchSettings({ watch: true }, 'regcred')).toEqual({
      before: { fraction: 0.5 },
      leaderElect: false,
      leaseName: 'pull-secret-regcred',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  it.each([
    [{ listen: ':8080' }, { port: 8080 }],
    [{ listen: '127.0.0.1:0' }, { host: '127.0.0.1', port: 0 }],
    [{ listen: '[::1]:9090' }, { host: '::1', port: 9090 }],
    [{ 'metrics-port': '8080' }, { port: 8080 }],
  ])('serves probes and metrics where %j says', (flags, listen) => {
    expect(watchSettings({ watch: true, ...flags }, 'x')?.listen).toEqual(listen);
  });

  it.each([
    [{ before: '30m' }, /needs --watch/],
    [{ watch: true, diff: true }, /cannot be combined with --diff/],
    [{ watch: true, output: 'json' }, /cannot be combined with --output/],
    [{ watch: true, 'renew-deadline': '5s' }, /needs --leader-elect/],
    [{ watch: true, 'leader-elect': true, 'retry-period': '9s' }, /longer than 1\.2 times --retry-period/],
    [{ watch: true, 'leader-elect': true, 'lease-namespace': 'Not_A_Namespace' }, /namespace/i],
    [{ watch: true, listen: '8080' }, /--listen must be HOST:PORT/],
    [{ watch: true, listen: ':8080', 'metrics-port': '1' }, /cannot be combined with --listen/],
    [{ watch: true, before: '150%' }, /--before must be a share/],
  ])('refuses %j', (flags, message) => {
    expect(() => watchSettings(flags, 'regcred')).toThrow(message);
  });

  it('refuses with a usage error (exit 2)', () => {
    expect(() => watchSettings({ 'leader-elect': true }, 'regcred')).toThrow(UsageError);
  });
});
