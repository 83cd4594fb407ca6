import { describe, expect, it } from 'vitest';
import { formatVerifyText } from './verify-access.js';

describe('formatVerifyText', () => {
  it('shows a registry message on one line, its control characters and escape sequences escaped', () => {
    const text = formatVerifyText({
      ok: false,
      result: 'denied',
      registry: 'r.example',
      endpoint: 'https://r.example',
      status: 401,
      message: 'The registry said: bad\n::warning::x\r\u001b[2J',
      hint: 'check\u009b2J it',
    });
    expect(text).toBe(
      'denied: The registry said: bad\\n::warning::x\\r\\u001b[2J\nhint: check\\u009b2J it\n',
    );
  });
});
