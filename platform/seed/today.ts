import { addDays, chinaToday } from '../../subgraphs/kit/time.js';
import { WorkingCalendar } from '../../subgraphs/repairs/calendar.js';

/**
 * The demo's cases still open run up to about 25 calendar days past its "today" (an extended objection's 20
 * working days). Near the end of the last published calendar year the history stops that much earlier, so
 * `npm start` never fails on a deadline in a year nobody has published (the workflows would refuse it).
 */
const OPEN_CASES_REACH_DAYS = 25;

/** The day the demo set is seeded as of: today in China, or the last day whose open cases the calendar covers. */
export function demoToday(now: Date = new Date()): string {
  const lastSafeDay = addDays(`${new WorkingCalendar().lastKnownYear}-12-31`, -OPEN_CASES_REACH_DAYS);
  const today = chinaToday(now);
  return today < lastSafeDay ? today : lastSafeDay;
}
