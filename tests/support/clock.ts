import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Tests pin their clocks to days in a year the working-day calendar knows. chinese-days carries a year only once
 * the State Council has published it (each December), and a deadline in a year nobody has loaded is refused with
 * CONFLICT: a test that counted working days from the real date would start failing near every year's end.
 * tests/clock-independence.test.ts keeps the behaviour past the calendar's end under test.
 */
export const KNOWN_DAY = '2026-09-15';

/** The clock at `time` China time on `day`: only Date is faked, and it moves on from there, so timers and I/O run as usual. */
export function setClock(day: string, time = '10:00:00'): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date(`${day}T${time}+08:00`));
}

/** Every test here starts at 10:00 China time on `day`; the real clock is back after each. */
export function pinClock(day: string = KNOWN_DAY): void {
  beforeEach(() => setClock(day));
  afterEach(() => {
    vi.useRealTimers();
  });
}
