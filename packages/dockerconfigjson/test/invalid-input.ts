import { expect } from 'vitest';
import { InvalidInputError } from '../src/errors.js';

/** A password-like value that must never show up in an error. */
export const CANARY = 'CANARY-s3cr3t';

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The InvalidInputError `run` throws; fails the test when it throws nothing or something else. */
export function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an error');
}

/** Asserts that neither the message, the hint nor the stack quotes the canary or the given secrets. */
export function expectNoLeak(error: InvalidInputError, ...secrets: string[]) {
  for (const secret of [CANARY, ...secrets]) {
    expect(error.message).not.toContain(secret);
    expect(error.hint ?? '').not.toContain(secret);
    expect(String(error.stack)).not.toContain(secret);
  }
}
