/** Fig. 5's captions say which flows ran on another group than their backend (issue 19: equal-security labels). */
import { describe, expect, test } from '@jest/globals';
import { equalSecurityNote } from '../common.js';

describe('equal-security note', () => {
  test('names a flow on another group, not one on the backend or its own G1', () => {
    const rows = [
      { scheme: 'umbral', backend: 'ss512', ran_on: 'secp256k1' },
      { scheme: 'bbs98', backend: 'ss512', ran_on: 'ss512/G1' },
      { scheme: 'afgh06', backend: 'ss512', ran_on: 'ss512' },
    ];
    const note = equalSecurityNote(rows);
    expect(note).toContain('umbral runs on secp256k1');
    expect(note).not.toContain('bbs98');
    expect(note).not.toContain('afgh06');
    expect(equalSecurityNote(rows.slice(1))).toBe('');
  });
});
