import { describe, expect, it, vi } from 'vitest';
import { chain } from './chain.js';
import type { CredentialProvider, RegistryCredential } from './credential.js';
import { CredentialUnavailableError, InvalidInputError } from './errors.js';

const cred = (registry: string): RegistryCredential => ({ registry, username: 'u', password: 'p' });
const returning = (...credentials: RegistryCredential[]) =>
  vi.fn<CredentialProvider>(async () => credentials);
const unavailable = (code: string, message: string, hint?: string) =>
  vi.fn<CredentialProvider>(async () => {
    throw new CredentialUnavailableError(code, message, hint === undefined ? {} : { hint });
  });

describe('chain', () => {
  it('returns the first provider that succeeds and does not call the rest', async () => {
    const first = returning(cred('a'));
    const second = returning(cred('b'));
    await expect(chain(first, second)()).resolves.toEqual([cred('a')]);
    expect(first).toHaveBeenCalledOnce();
    expect(second).not.toHaveBeenCalled();
  });

  it('counts an empty list of credentials as success', async () => {
    const second = returning(cred('b'));
    await expect(chain(returning(), second)()).resolves.toEqual([]);
    expect(second).not.toHaveBeenCalled();
  });

  it('moves on past CredentialUnavailableError, in order', async () => {
    const calls: string[] = [];
    const first = vi.fn<CredentialProvider>(async () => {
      calls.push('first');
      throw new CredentialUnavailableError('A_NONE', 'A has no identity.');
    });
    const second = vi.fn<CredentialProvider>(async () => {
      calls.push('second');
      return [cred('b')];
    });
    const third = returning(cred('c'));
    await expect(chain(first, second, third)()).resolves.toEqual([cred('b')]);
    expect(calls).toEqual(['first', 'second']);
    expect(third).not.toHaveBeenCalled();
  });

  it('moves on past a subclass of CredentialUnavailableError', async () => {
    class NotMyRegistry extends CredentialUnavailableError {}
    const failing = vi.fn<CredentialProvider>(async () => {
      throw new NotMyRegistry('NOT_MINE', 'Not my registry.');
    });
    await expect(chain(failing, returning(cred('b')))()).resolves.toEqual([cred('b')]);
  });

  it.each([
    ['a plain Error', new Error('network down')],
    ['an InvalidInputError', new InvalidInputError('BAD', 'Bad input.')],
    ['a non-Error value', 'just a string'],
  ])('stops at once on %s and rethrows it unchanged', async (_name, failure) => {
    const first = unavailable('A_NONE', 'A has no identity.');
    const failing = vi.fn<CredentialProvider>(async () => {
      throw failure;
    });
    const later = returning(cred('c'));
    await expect(chain(first, failing, later)()).rejects.toBe(failure);
    expect(first).toHaveBeenCalledOnce();
    expect(later).not.toHaveBeenCalled();
  });

  it('reports every attempt when all providers are unavailable', async () => {
    const errors = [
      new CredentialUnavailableError('ECR_NONE', 'ECR: no AWS credentials.'),
      new CredentialUnavailableError('GCR_NONE', 'GCR: no Google credentials.', {
        hint: 'Set GOOGLE_APPLICATION_CREDENTIALS.',
      }),
      new CredentialUnavailableError('ACR_NONE', 'ACR: no Azure identity.', { hint: 'Set AZURE_CLIENT_ID.' }),
    ];
    const providers = errors.map((error) =>
      vi.fn<CredentialProvider>(async () => {
        throw error;
      }),
    );
    const error = (await chain(...providers)().catch(
      (caught: unknown) => caught,
    )) as CredentialUnavailableError;
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.code).toBe('NO_PROVIDER_AVAILABLE');
    expect(error.attempts).toEqual(errors);
    expect(error.attempts[0]).toBe(errors[0]);
    expect(error.message).toBe(
      'No credential provider could supply credentials: ECR: no AWS credentials.; GCR: no Google credentials.; ACR: no Azure identity.',
    );
    expect(error.hint).toBe('Set GOOGLE_APPLICATION_CREDENTIALS.');
    for (const provider of providers) expect(provider).toHaveBeenCalledOnce();
  });

  it('falls back to a generic hint when no attempt has one', async () => {
    const error = (await chain(unavailable('X', 'X is missing.'))().catch(
      (caught: unknown) => caught,
    )) as CredentialUnavailableError;
    expect(error.hint).toBe('Configure at least one provider.');
    expect(error.attempts).toHaveLength(1);
  });

  it('is unavailable, with no attempts, when it has no providers', async () => {
    const error = (await chain()().catch((caught: unknown) => caught)) as CredentialUnavailableError;
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.code).toBe('NO_PROVIDER_AVAILABLE');
    expect(error.message).toBe('No credential provider was configured.');
    expect(error.attempts).toEqual([]);
  });

  it('nests: an inner all-unavailable chain lets the outer chain move on', async () => {
    const inner = chain(unavailable('A', 'A.'), unavailable('B', 'B.'));
    await expect(chain(inner, returning(cred('c')))()).resolves.toEqual([cred('c')]);
  });

  it('passes the caller options to each provider', async () => {
    const first = unavailable('A', 'A.');
    const second = returning(cred('b'));
    const signal = new AbortController().signal;
    await chain(first, second)({ signal });
    expect(first).toHaveBeenCalledWith({ signal });
    expect(second).toHaveBeenCalledWith({ signal });
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const first = returning(cred('a'));
    await expect(chain(first)({ signal: controller.signal })).rejects.toThrow('cancelled');
    expect(first).not.toHaveBeenCalled();
  });

  it('does not try the next provider once the signal is aborted', async () => {
    const controller = new AbortController();
    const first = vi.fn<CredentialProvider>(async () => {
      controller.abort(new Error('cancelled'));
      throw new CredentialUnavailableError('A', 'A.');
    });
    const second = returning(cred('b'));
    await expect(chain(first, second)({ signal: controller.signal })).rejects.toThrow('cancelled');
    expect(second).not.toHaveBeenCalled();
  });

  it('can be called again: each call walks the chain afresh', async () => {
    let available = false;
    const flaky = vi.fn<CredentialProvider>(async () => {
      if (!available) throw new CredentialUnavailableError('LATER', 'Not yet.');
      return [cred('a')];
    });
    const fallback = returning(cred('b'));
    const provider = chain(flaky, fallback);
    await expect(provider()).resolves.toEqual([cred('b')]);
    available = true;
    await expect(provider()).resolves.toEqual([cred('a')]);
    expect(flaky).toHaveBeenCalledTimes(2);
  });
});
