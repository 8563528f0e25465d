/**
 * kit/time.ts adds days and months in integers (intake computes several dates a record). Held to what the
 * platform computed before with Date, over the whole range a record's dates can take, and at the edges:
 * month ends, 29 February, centuries, negative steps, and dates that are not dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRealDate } from '../subgraphs/kit/scalars.js';
import { addDays, addMonths } from '../subgraphs/kit/time.js';

/** The former implementations, through Date: the oracle. */
function dateAddMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
function dateAddDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('calendar arithmetic on YYYY-MM-DD', () => {
  it('adds days as Date does, forwards and back, across years and centuries', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -40_000, max: 40_000 }), (date, days) => {
        expect(addDays(date, days)).toBe(dateAddDays(date, days));
      }),
      { numRuns: 5_000 },
    );
  });

  it('adds months clamped to the month end as before', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -1_200, max: 1_200 }), (date, months) => {
        expect(addMonths(date, months)).toBe(dateAddMonths(date, months));
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps the edges: month ends, leap days, centuries', () => {
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
    expect(addMonths('2020-02-29', 12)).toBe('2021-02-28');
    expect(addMonths('2020-02-29', 48)).toBe('2024-02-29');
    expect(addMonths('2020-03-31', -1)).toBe('2020-02-29');
    expect(addMonths('2020-12-15', 1)).toBe('2021-01-15');
    expect(addMonths('2021-01-15', -1)).toBe('2020-12-15');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
    expect(addDays('2026-12-03', 0)).toBe('2026-12-03');
  });

  it('tells a real date from a text that only looks like one, as Date did', () => {
    const dateIsReal = (value: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    };
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const lookalike = fc.tuple(digits(4, 9999), digits(2, 99), digits(2, 99)).map(([y, m, d]) => `${y}-${m}-${d}`);
    fc.assert(
      fc.property(fc.oneof(lookalike, isoDate, fc.string()), (value) => {
        expect(isRealDate(value)).toBe(dateIsReal(value));
      }),
      { numRuns: 10_000 },
    );
    for (const bad of ['2020+01+01', '+020-01-01', ' 2020-01-01', '2020-01-01 ', '２０２０-01-01']) expect(isRealDate(bad)).toBe(false);
  });

  it('refuses what is not a date rather than rolling it over', () => {
    for (const bad of ['2021-02-29', '2020-13-01', '2020-00-10', '2020-04-31', '2020-1-1', '2020-01-01T00:00', 'not a date', ''])
      for (const add of [addDays, addMonths]) expect(() => add(bad, 1), `${add.name}(${bad})`).toThrow(RangeError);
  });
});
