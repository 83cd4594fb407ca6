import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, three spaces apart', () => {
    expect(
      formatTable([
        ['A', 'LONGER'],
        ['xyz', 'b'],
      ]),
    ).toBe('A     LONGER\nxyz   b\n');
  });

  it('keeps a crafted cell on its own row: newlines, carriage returns and escape sequences escaped', () => {
    const table = formatTable([
      ['SOURCE', 'USERNAME'],
      ['a.json', 'me\nb.json   admin\r\u001b[2J\u001b[31m\u202e'],
    ]);
    expect(table.split('\n')).toEqual([
      'SOURCE   USERNAME',
      'a.json   me\\nb.json   admin\\r\\u001b[2J\\u001b[31m\\u202e',
      '',
    ]);
  });
});
