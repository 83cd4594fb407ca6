import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { expect } from 'vitest';

/** Asserts `run` throws an InvalidInputError with `code`, a one-sentence message, a hint, and no secret. */
export function expectInvalidInput(run: () => unknown, code: string, secrets: readonly string[] = []): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidInputError);
  const error = caught as InvalidInputError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\.$/);
  expect(error.hint).toBeTruthy();
  for (const secret of secrets) {
    expect(`${error.message} ${error.hint}`).not.toContain(secret);
  }
}
