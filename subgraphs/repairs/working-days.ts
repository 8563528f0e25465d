import chineseDays from 'chinese-days';

// chinese-days is CommonJS: Node's ESM loader offers only its default export.
const { findWorkday } = chineseDays;

/**
 * Deadlines count working days: Chinese public holidays and adjusted working weekends (调休) from the
 * official calendars that chinese-days ships. Day 0 is the day of submission.
 */
export function addWorkingDays(isoDate: string, days: number): string {
  return findWorkday(days, isoDate);
}
