import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { ConfigError, type Env } from '../kit/config.js';
import { conflict } from '../kit/errors.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, chinaToday } from '../kit/time.js';

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
  constructor(
    message: string,
    /** The year nobody has loaded yet. */
    readonly year: number,
    readonly lastKnownYear: number,
  ) {
    super(message);
  }
}

/** How long before the calendar's last known day the operator is warned (start-up log, /health, /ready). */
export const CALENDAR_WARNING_DAYS = 60;

/** What the health and readiness answers say about the working-day calendar. */
export interface CalendarStatus {
  /** The last day whose working-day status is known (31 December of the last known year). */
  lastKnownDay: string;
  /** Calendar days from today to lastKnownDay (negative once it has passed). */
  daysLeft: number;
  /** Set from CALENDAR_WARNING_DAYS before lastKnownDay: what the operator must do. */
  warning: string | null;
}

/** chinese-days knows a year when it has that year's National Day holiday. */
function packageKnows(year: number): boolean {
  return getDayDetail(`${year}-10-01`).name.includes('National Day');
}

function dates(list: unknown, where: string): string[] {
  if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && isRealDate(d)))
    throw new ConfigError(`${where} must be a list of YYYY-MM-DD dates`);
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
      throw new CalendarRangeError(
        `the working-day calendar for ${year} is not known yet (known up to ${this.lastKnownYear}); add it under "years" in WORKDAY_CALENDAR_FILE from the State Council notice`,
        year,
        this.lastKnownYear,
      );
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

  /**
   * Working days after `from` up to and including `to` (0 when `to` is not later). Days in a year not yet
   * loaded count Monday to Friday: a count of days late or left is an estimate there, never a refusal,
   * so overdue lists and work queues keep answering at the turn of the year (deadlines are refused, below).
   */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      const known = this.known(Number(day.slice(0, 4)));
      if (known ? this.isWorkingDay(day) : ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) count++;
    }
    return count;
  }

  /** Working days from `today` to `deadline`: positive while there is time, negative once it is passed. */
  workingDaysLeft(deadline: string, today: string): number {
    return deadline >= today ? this.workingDaysBetween(today, deadline) : -this.workingDaysBetween(deadline, today);
  }

  /**
   * A deadline `n` working days after `from`, for a workflow: a deadline in a year not yet loaded is the
   * platform's one answer, CONFLICT with the reason in Chinese (never an internal error).
   */
  deadline(from: string, n: number): string {
    try {
      return this.addWorkingDays(from, n);
    } catch (error) {
      if (error instanceof CalendarRangeError) throw calendarConflict(error);
      throw error;
    }
  }

  /** The last known day, the days left until it, and a warning from CALENDAR_WARNING_DAYS before it. */
  status(today: string = chinaToday()): CalendarStatus {
    const lastKnownDay = `${this.lastKnownYear}-12-31`;
    const daysLeft = Math.round((Date.parse(lastKnownDay) - Date.parse(today)) / 86_400_000);
    const next = this.lastKnownYear + 1;
    const warning =
      daysLeft < 0
        ? `工作日历只载至${lastKnownDay}，已过期${-daysLeft}天：${next}年及以后的期限一律无法计算（CONFLICT）。请将国务院办公厅公布的${next}年节假日安排加入 WORKDAY_CALENDAR_FILE 的 "years"（the working-day calendar ended on ${lastKnownDay}）`
        : daysLeft <= CALENDAR_WARNING_DAYS
          ? `工作日历只载至${lastKnownDay}，还剩${daysLeft}天：落在${next}年的期限将无法计算（CONFLICT）。请将国务院办公厅公布的${next}年节假日安排加入 WORKDAY_CALENDAR_FILE 的 "years"（the working-day calendar ends in ${daysLeft} days）`
          : null;
    return { lastKnownDay, daysLeft, warning };
  }
}

/** The CONFLICT every workflow answers for a deadline in a year whose calendar is not loaded yet. */
export function calendarConflict(error: CalendarRangeError) {
  return conflict(M.REPAIRS_CALENDAR_NOT_LOADED({ year: error.year, lastKnownYear: error.lastKnownYear }));
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
    throw new ConfigError(
      `${name} must be JSON: { "holidays": [...], "workdays": [...], "years": { "2027": { "holidays": [...], "workdays": [...] } } }`,
    );
  }
  try {
    return new WorkingCalendar(overrides);
  } catch (error) {
    throw error instanceof ConfigError ? new ConfigError(`${name}: ${error.message}`) : error;
  }
}
