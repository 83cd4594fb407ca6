import { describe, expect, it } from 'vitest';
import { InvalidInputError, NEUTRAL_WORDING, PullSecretError, wordOptions } from './errors.js';

describe('surface-neutral errors', () => {
  const error = new InvalidInputError(
    'SECRET_NOT_MANAGED',
    '{{force}} is needed to take over secret "regcred".',
    { hint: 'Use {{force}}; other registries stay unless {{replace}}.', fields: { option: 'force' } },
  );

  it('shows options neutrally to whoever reads message and hint', () => {
    expect(error.message).toBe('The force option is needed to take over secret "regcred".');
    expect(error.hint).toBe('Use the force option; other registries stay unless the replace option.');
    expect(error.fields).toEqual({ option: 'force' });
    expect(error).toBeInstanceOf(PullSecretError);
  });

  it('words options for a front end, counting occurrences within each text', () => {
    expect(error.render((option) => `--${option}`)).toEqual({
      message: '--force is needed to take over secret "regcred".',
      hint: 'Use --force; other registries stay unless --replace.',
    });
    const seen: [string, number][] = [];
    wordOptions('{{a}} with {{b}} and {{c}}', (option, occurrence) => {
      seen.push([option, occurrence]);
      return option;
    });
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('leaves text alone that only looks like a placeholder', () => {
    expect(wordOptions('{{Not An Option}} {x} {{}}', NEUTRAL_WORDING)).toBe('{{Not An Option}} {x} {{}}');
    expect(new PullSecretError('X', 'plain', {}).hint).toBeUndefined();
  });
});
