import { describe, expect, it } from 'vitest';
import { dryRunFlag, dryRunMode } from './dry-run-flag.js';
import { parseFlags } from './flags.js';

describe('dryRunMode', () => {
  it('is none when the flag is absent, and the mode given otherwise', () => {
    expect(dryRunMode(undefined)).toBe('none');
    expect(dryRunMode('client')).toBe('client');
    expect(dryRunMode('server')).toBe('server');
  });

  it('refuses any other mode in one sentence with an example', () => {
    expect(() => dryRunMode('all')).toThrow('--dry-run must be client, server or none, not "all".');
  });

  it('reads a bare --dry-run as client, as kubectl does', () => {
    const parsed = parseFlags('t', ['--dry-run', '-n', 'apps'], {
      'dry-run': dryRunFlag(''),
      namespace: { type: 'string', short: 'n', description: '' },
    });
    expect(dryRunMode(parsed.values['dry-run'])).toBe('client');
    expect(parsed.values.namespace).toBe('apps');
  });
});
