import { describe, expect, it } from 'vitest';
import { newId } from '../../src/store/ids.js';

describe('newId', () => {
  it('orders ids made in the same millisecond in the order they were made', () => {
    const now = Date.UTC(2026, 10, 22, 8, 0, 0);
    const ids = Array.from({ length: 2000 }, () => newId(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('orders ids by time first and keeps the ULID shape', () => {
    const earlier = newId(Date.UTC(2026, 0, 1));
    const later = newId(Date.UTC(2026, 0, 1) + 1);
    expect(earlier < later).toBe(true);
    expect(later).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
