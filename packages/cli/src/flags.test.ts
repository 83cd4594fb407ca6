import { describe, expect, it } from 'vitest';
import { BARE_DRY_RUN, DRY_RUN_BOOLEANS, type FlagSpecs, parseFlags } from './flags.js';

const specs: FlagSpecs = {
  server: { type: 'string', multiple: true, aliases: ['docker-server', 'registry'], description: '' },
  username: { type: 'string', aliases: ['docker-username'], description: '' },
  namespace: { type: 'string', short: 'n', description: '' },
  output: { type: 'string', short: 'o', description: '' },
  force: { type: 'boolean', description: '' },
};

describe('parseFlags', () => {
  it.each([
    [['-n', 'apps'], 'apps'],
    [['-napps'], 'apps'],
    [['-n=apps'], 'apps'],
    [['--namespace=apps'], 'apps'],
    [['--namespace', 'apps'], 'apps'],
  ])('reads %j as kubectl does', (args, namespace) => {
    expect(parseFlags('t', args, specs).values.namespace).toBe(namespace);
  });

  it('merges aliases into the main name, in order', () => {
    const { values } = parseFlags(
      't',
      ['--registry', 'a', '--server', 'b', '--docker-server=c', '--docker-username', 'u'],
      specs,
    );
    expect(values.server).toEqual(['a', 'b', 'c']);
    expect(values.username).toBe('u');
  });

  it('keeps positionals and booleans', () => {
    expect(parseFlags('t', ['name', '--force'], specs)).toEqual({
      values: { force: true },
      positionals: ['name'],
    });
  });

  it('rejects a single-valued flag given twice with different values, not twice with the same', () => {
    expect(() => parseFlags('t', ['--username', 'a', '--docker-username', 'b'], specs)).toThrow(
      /more than once/,
    );
    expect(parseFlags('t', ['--username', 'a', '--username', 'a'], specs).values.username).toBe('a');
  });

  it.each([
    [['--nope=SECRET-VALUE'], 'Unknown flag --nope.'],
    [['-x'], 'Unknown flag -x.'],
    [['--username'], 'Flag --username needs a value.'],
    [['--force=SECRET-VALUE'], 'Flag --force does not take a value.'],
  ])('%j fails with a message that does not repeat the value', (args, message) => {
    expect(() => parseFlags('t', args, specs)).toThrow(message);
  });
});

describe('parseFlags reads values as kubectl does', () => {
  it('takes a value that starts with "-" for a string flag', () => {
    expect(parseFlags('t', ['--username', '-dash-', '-n', '-x'], specs).values).toMatchObject({
      username: '-dash-',
      namespace: '-x',
    });
  });

  it('accepts =true and =false on booleans', () => {
    expect(parseFlags('t', ['--force=true'], specs).values.force).toBe(true);
    expect(parseFlags('t', ['--force=false'], specs).values.force).toBeUndefined();
  });

  it('leaves everything after -- as positionals', () => {
    expect(parseFlags('t', ['--', '--force'], specs).positionals).toEqual(['--force']);
  });

  it('reads a bare --dry-run as --dry-run=client with a warning, leaving the next flag alone', () => {
    const withBare: FlagSpecs = {
      ...specs,
      'dry-run': { type: 'string', bare: BARE_DRY_RUN, description: '' },
    };
    expect(parseFlags('t', ['name', '--dry-run', '--force', '-n', 'apps'], withBare)).toEqual({
      values: { 'dry-run': 'client', force: true, namespace: 'apps' },
      positionals: ['name'],
      warnings: ['--dry-run is deprecated and can be replaced with --dry-run=client.'],
    });
    // As pflag: only `=` gives it a value; the next word is a positional.
    expect(parseFlags('t', ['--dry-run', 'server'], withBare)).toMatchObject({
      values: { 'dry-run': 'client' },
      positionals: ['server'],
    });
    expect(parseFlags('t', ['--dry-run=server'], withBare)).toEqual({
      values: { 'dry-run': 'server' },
      positionals: [],
    });
  });

  it("reads kubectl's boolean --dry-run=true and =false as client and none, with kubectl's warnings", () => {
    const withBooleans: FlagSpecs = {
      'dry-run': { type: 'string', bare: BARE_DRY_RUN, deprecatedValues: DRY_RUN_BOOLEANS, description: '' },
    };
    expect(parseFlags('t', ['--dry-run=true'], withBooleans)).toEqual({
      values: { 'dry-run': 'client' },
      positionals: [],
      warnings: ['--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.'],
    });
    expect(parseFlags('t', ['--dry-run=false'], withBooleans).values['dry-run']).toBe('none');
  });
});
