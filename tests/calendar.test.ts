import { describe, expect, it } from 'vitest';
import { CalendarRangeError, loadCalendar, WorkingCalendar } from '../subgraphs/repairs/calendar.js';

const calendar = new WorkingCalendar();

describe('working-day calendar', () => {
  it('skips public holidays and counts adjusted working weekends (调休)', () => {
    // 2020 Spring Festival, extended for the epidemic to 2 February; work resumed on Monday 3 February.
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
    // National Day 2026: 1-7 October off; Saturday 10 October is an adjusted working day.
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
  });

  it('counts the 2026 Spring Festival: Saturday 14 February works, 15-23 February are off', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    expect(calendar.addWorkingDays('2026-02-13', 6)).toBe('2026-02-28');
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
  });

  it('counts five working days over an ordinary weekend', () => {
    expect(calendar.addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
    expect(calendar.workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(calendar.addWorkingDays('2026-11-21', 0)).toBe('2026-11-23');
  });

  it('refuses dates beyond the known calendar with what to do', () => {
    expect(calendar.lastKnownYear).toBe(2026);
    expect(() => calendar.addWorkingDays('2026-12-28', 5)).toThrow(CalendarRangeError);
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(
      /calendar for 2027 is not known yet \(known up to 2026\); add it under "years"/,
    );
  });

  it('takes local overrides and a later year from configuration', () => {
    const local = loadCalendar({
      WORKDAY_CALENDAR: JSON.stringify({
        holidays: ['2026-11-27'],
        workdays: ['2026-11-29'],
        years: { '2027': { holidays: ['2027-01-01'], workdays: [] } },
      }),
    });
    expect(local.isWorkingDay('2026-11-27')).toBe(false);
    expect(local.isWorkingDay('2026-11-29')).toBe(true);
    expect(local.lastKnownYear).toBe(2027);
    expect(local.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('fails fast on a malformed calendar file', () => {
    expect(() => loadCalendar({ WORKDAY_CALENDAR: '{' })).toThrow(/WORKDAY_CALENDAR must be JSON/);
    expect(() => loadCalendar({ WORKDAY_CALENDAR: JSON.stringify({ holidays: ['2026-13-01'] }) })).toThrow(
      /holidays must be a list of YYYY-MM-DD dates/,
    );
  });
});
