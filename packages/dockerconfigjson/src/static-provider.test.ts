import { describe, expect, it } from 'vitest';
import type { RegistryCredential } from './credential.js';
import { staticProvider } from './static-provider.js';

const ghcr: RegistryCredential = { registry: 'ghcr.io', username: 'u', password: 'p' };
const quay: RegistryCredential = { registry: 'quay.io', username: 'q', password: 'qp', email: 'q@x' };

describe('staticProvider', () => {
  it('returns a single credential as a list', async () => {
    await expect(staticProvider(ghcr)()).resolves.toEqual([ghcr]);
  });

  it('returns a list in order', async () => {
    await expect(staticProvider([quay, ghcr])()).resolves.toEqual([quay, ghcr]);
  });

  it('returns an empty list for no credentials', async () => {
    await expect(staticProvider([])()).resolves.toEqual([]);
  });

  it('returns the same credentials on every call', async () => {
    const provider = staticProvider([ghcr, quay]);
    await expect(provider()).resolves.toEqual([ghcr, quay]);
    await expect(provider({ signal: new AbortController().signal })).resolves.toEqual([ghcr, quay]);
  });

  it('is not changed by the caller changing what it returned', async () => {
    const provider = staticProvider([ghcr]);
    const first = await provider();
    first[0]!.password = 'changed';
    first.push(quay);
    const second = await provider();
    expect(second).toEqual([ghcr]);
    expect(second).not.toBe(first);
  });

  it('is not changed by the caller changing its input afterwards', async () => {
    const input: RegistryCredential[] = [{ ...ghcr }];
    const provider = staticProvider(input);
    input[0]!.password = 'changed';
    input.push(quay);
    await expect(provider()).resolves.toEqual([ghcr]);
  });

  it('copies expiresAt, so changing the returned Date changes nothing', async () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    const provider = staticProvider({ ...ghcr, expiresAt });
    const [first] = await provider();
    first!.expiresAt!.setTime(0);
    expiresAt.setTime(1);
    const [second] = await provider();
    expect(second!.expiresAt).toEqual(new Date('2030-01-01T00:00:00Z'));
  });

  it('keeps fields as given (no email key added)', async () => {
    const [only] = await staticProvider(ghcr)();
    expect(Object.keys(only!).sort()).toEqual(['password', 'registry', 'username']);
  });
});
