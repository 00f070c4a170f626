import { describe, expect, it } from '@jest/globals';
import { schemeTag } from '../core/wire.js';
import { schemeNames } from './schemes.js';

describe('registry', () => {
  it('derives a distinct wire tag for every registered scheme', () => {
    const names = schemeNames();
    const tags = names.map(schemeTag);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(tags).size).toBe(names.length);
  });
});
