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

/** Calendar months, clamped to the month's last day: 2020-01-31 + 1 month = 2020-02-29. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
