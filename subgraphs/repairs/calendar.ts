import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { ConfigError, type Env } from '../kit/config.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays } from '../kit/time.js';

// chinese-days is CommonJS: Node's ESM loader offers only its default export.
const { getDayDetail } = chineseDays;

/** Local adjustments, and the years after the package's data (from the State Council notice each December). */
export interface CalendarOverrides {
  holidays?: string[];
  workdays?: string[];
  years?: Record<string, { holidays: string[]; workdays?: string[] }>;
}

export class CalendarRangeError extends Error {
  override name = 'CalendarRangeError';
}

/** chinese-days knows a year when it has that year's National Day holiday. */
function packageKnows(year: number): boolean {
  return getDayDetail(`${year}-10-01`).name.includes('National Day');
}

function dates(list: unknown, where: string): string[] {
  if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && isRealDate(d))) throw new ConfigError(`${where} must be a list of YYYY-MM-DD dates`);
  return list as string[];
}

/**
 * Working days in mainland China: public holidays and adjusted working weekends (调休) from chinese-days,
 * with local overrides; a date in a year nobody has published yet is an error, not a guess.
 */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  private readonly configuredYears: Set<number>;
  readonly lastKnownYear: number;

  constructor(overrides: CalendarOverrides = {}) {
    this.holidays = new Set(dates(overrides.holidays ?? [], 'holidays'));
    this.workdays = new Set(dates(overrides.workdays ?? [], 'workdays'));
    this.configuredYears = new Set();
    for (const [year, calendar] of Object.entries(overrides.years ?? {})) {
      if (!/^\d{4}$/.test(year)) throw new ConfigError(`years: "${year}" is not a year`);
      for (const day of dates(calendar.holidays, `years.${year}.holidays`)) this.holidays.add(day);
      for (const day of dates(calendar.workdays ?? [], `years.${year}.workdays`)) this.workdays.add(day);
      this.configuredYears.add(Number(year));
    }
    let last = 2004;
    while (packageKnows(last + 1) || this.configuredYears.has(last + 1)) last++;
    this.lastKnownYear = last;
  }

  private known(year: number): boolean {
    return this.configuredYears.has(year) || (year >= 2004 && packageKnows(year));
  }

  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    if (!this.known(year)) {
      throw new CalendarRangeError(`the working-day calendar for ${year} is not known yet (known up to ${this.lastKnownYear}); add it under "years" in WORKDAY_CALENDAR_FILE from the State Council notice`);
    }
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    if (this.configuredYears.has(year) && !packageKnows(year)) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    }
    return getDayDetail(date).work;
  }

  /** The n-th working day after `date` (n = 0: `date` itself if it is one, else the next). */
  addWorkingDays(date: string, n: number): string {
    let day = date;
    let left = n;
    if (left === 0) {
      while (!this.isWorkingDay(day)) day = addDays(day, 1);
      return day;
    }
    while (left > 0) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not later). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return count;
  }
}

/** WORKDAY_CALENDAR_FILE (JSON, see CalendarOverrides) or WORKDAY_CALENDAR (the same JSON inline). */
export function loadCalendar(env: Env = process.env): WorkingCalendar {
  const source = env.WORKDAY_CALENDAR_FILE ? readFileSync(env.WORKDAY_CALENDAR_FILE, 'utf8') : env.WORKDAY_CALENDAR;
  if (!source) return new WorkingCalendar();
  const name = env.WORKDAY_CALENDAR_FILE ? 'WORKDAY_CALENDAR_FILE' : 'WORKDAY_CALENDAR';
  let overrides: CalendarOverrides;
  try {
    overrides = JSON.parse(source) as CalendarOverrides;
  } catch {
    throw new ConfigError(`${name} must be JSON: { "holidays": [...], "workdays": [...], "years": { "2027": { "holidays": [...], "workdays": [...] } } }`);
  }
  try {
    return new WorkingCalendar(overrides);
  } catch (error) {
    throw error instanceof ConfigError ? new ConfigError(`${name}: ${error.message}`) : error;
  }
}
