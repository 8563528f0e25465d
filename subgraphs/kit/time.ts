/**
 * Taicang keeps China Standard Time (UTC+8, no daylight saving): every date and time the platform shows or
 * counts from is read there. The one home of that arithmetic.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The date in China at `now` ("today" by default), YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDateTime(now).slice(0, 10);
}

/** The date in China of a moment that may be missing (a case not decided yet). */
export const chinaDateOf = (at: Date | null): string | null => (at ? chinaToday(at) : null);

/** YYYY-MM-DD HH:mm in China. */
export function chinaDateTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 16);
}

/** The moment it is `time` China time on `day`. */
export const chinaMoment = (day: string, time = '10:00:00'): Date => new Date(`${day}T${time}+08:00`);

/*
 * Date arithmetic on YYYY-MM-DD in integers (proleptic Gregorian, as Date.UTC): intake computes three or four
 * dates a record, and building a Date and its ISO text for each was a tenth of a batch's JavaScript.
 */
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the text is YYYY-MM-DD and names a day of the calendar: month 1–12, the day within it. */
export function isCalendarDay(isoDate: string): boolean {
  if (!YYYY_MM_DD.test(isoDate)) return false;
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const d = Number(isoDate.slice(8, 10));
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function parts(isoDate: string): [number, number, number] {
  if (!isCalendarDay(isoDate)) throw new RangeError(`not a date: ${isoDate}`);
  return [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10))];
}
const format = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

/** Days since 1970-01-01 of a civil date, and back (H. Hinnant's days_from_civil / civil_from_days). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Calendar months, clamped to the month's last day: 2020-01-31 + 1 month = 2020-02-29. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = parts(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = parts(isoDate);
  return format(...civilFromDays(daysFromCivil(y, m, d) + days));
}
