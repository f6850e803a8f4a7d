import { describe, expect, it } from 'vitest';
import { CronSyntaxError, parseCronSchedule, timeZoneError } from './cron-schedule.js';

const at = (iso: string) => Date.parse(iso);
const nexts = (spec: string, from: string, n: number, tz?: string): string[] => {
  const s = parseCronSchedule(spec, tz);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    t = s.next(t)!;
    out.push(new Date(t).toISOString());
  }
  return out;
};

describe('parseCronSchedule', () => {
  it('steps, ranges and lists', () => {
    expect(nexts('*/15 * * * *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-01T00:15:00.000Z', '2025-01-01T00:30:00.000Z', '2025-01-01T00:45:00.000Z']);
    expect(nexts('5,35 9-10 * * *', '2025-01-01T09:06:00Z', 4)).toEqual(['2025-01-01T09:35:00.000Z', '2025-01-01T10:05:00.000Z', '2025-01-01T10:35:00.000Z', '2025-01-02T09:05:00.000Z']);
    expect(nexts('0 6-16/4 * * *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-01T06:00:00.000Z', '2025-01-01T10:00:00.000Z', '2025-01-01T14:00:00.000Z']);
    expect(nexts('10/20 * * * *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-01T00:10:00.000Z', '2025-01-01T00:30:00.000Z', '2025-01-01T00:50:00.000Z']);
  });

  it('names: months and week days, case-insensitive', () => {
    // 2025-01-01 is a Wednesday.
    expect(nexts('30 8 * * mon-FRI', '2025-01-03T09:00:00Z', 2)).toEqual(['2025-01-06T08:30:00.000Z', '2025-01-07T08:30:00.000Z']);
    expect(nexts('0 0 1 MAR,jun *', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-03-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z']);
  });

  it('day of month OR day of week when both are restricted, AND when one is *', () => {
    // 13th or Fridays: Fri Jan 3, Fri Jan 10, Mon Jan 13.
    expect(nexts('0 0 13 * 5', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-03T00:00:00.000Z', '2025-01-10T00:00:00.000Z', '2025-01-13T00:00:00.000Z']);
    expect(nexts('0 0 * * 5', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-03T00:00:00.000Z']);
  });

  it('macros and @every', () => {
    expect(nexts('@hourly', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-01T01:00:00.000Z', '2025-01-01T02:00:00.000Z']);
    expect(nexts('@daily', '2025-01-01T12:00:00Z', 1)).toEqual(['2025-01-02T00:00:00.000Z']);
    expect(nexts('@weekly', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-05T00:00:00.000Z']);
    expect(nexts('@monthly', '2025-01-15T00:00:00Z', 1)).toEqual(['2025-02-01T00:00:00.000Z']);
    expect(nexts('@yearly', '2025-01-15T00:00:00Z', 1)).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(nexts('@every 90s', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-01T00:01:30.000Z', '2025-01-01T00:03:00.000Z']);
  });

  it('evaluates in a time zone, across a DST change', () => {
    // 09:00 in New York is 14:00Z in winter and 13:00Z after 2025-03-09.
    expect(nexts('0 9 * * *', '2025-03-08T00:00:00Z', 2, 'America/New_York')).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z']);
    expect(nexts('TZ=Asia/Kolkata 0 0 * * *', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-01T18:30:00.000Z']);
  });

  it('rejects malformed schedules with robfig-like messages', () => {
    expect(() => parseCronSchedule('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseCronSchedule('60 * * * *')).toThrow('end of range (60) above maximum (59): 60');
    expect(() => parseCronSchedule('* * 0 * *')).toThrow('beginning of range (0) below minimum (1): 0');
    expect(() => parseCronSchedule('5-1 * * * *')).toThrow('beginning of range (5) beyond end of range (1): 5-1');
    expect(() => parseCronSchedule('*/0 * * * *')).toThrow(CronSyntaxError);
    expect(() => parseCronSchedule('@fortnightly')).toThrow('unrecognized descriptor: @fortnightly');
    expect(() => parseCronSchedule('x * * * *')).toThrow('failed to parse int from x');
    expect(timeZoneError('Mars/Olympus')).toBe('unknown time zone Mars/Olympus');
    expect(timeZoneError('Europe/Paris')).toBeUndefined();
  });

  it('an impossible date has no next time', () => {
    expect(parseCronSchedule('0 0 30 2 *').next(at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });
});
