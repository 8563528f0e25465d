/** The demo's travelling clock (platform/seed/clock.ts) runs inside tests that pin theirs: it must not fight them. */
import { expect, it, vi } from 'vitest';
import { onTravellingClock } from '../platform/seed/clock.js';
it('borrows a clock a test has faked and gives it back where it would be; installs its own otherwise', async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-09-15T02:00:00Z'));
  await onTravellingClock(async (to) => {
    to(new Date('2020-01-01T00:00:00Z'));
    expect(new Date().getUTCFullYear()).toBe(2020);
  });
  expect(new Date().toISOString().slice(0, 10)).toBe('2026-09-15');
  vi.useRealTimers();
  await onTravellingClock(async (to) => {
    to(new Date('2020-01-01T00:00:00Z'));
    expect(new Date().getUTCFullYear()).toBe(2020);
  });
  expect(new Date().getUTCFullYear()).toBeGreaterThan(2025);
});
