import { CalendarRangeError, WorkingCalendar } from '../../subgraphs/repairs/calendar.js';

const calendar = new WorkingCalendar();

/**
 * Working days for the demo data. Near the end of the last published year a deadline can fall into a
 * year nobody has published yet: the demo then counts plain weekdays instead of failing to start.
 */
export function addWorkingDays(date: string, days: number): string {
  try {
    return calendar.addWorkingDays(date, days);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    const day = new Date(`${date}T00:00:00Z`);
    for (let left = days; left > 0;) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left--;
    }
    return day.toISOString().slice(0, 10);
  }
}
