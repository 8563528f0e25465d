import FakeTimers from '@sinonjs/fake-timers';

/**
 * The demo replays its history on a travelling clock: only Date is replaced (timers, I/O and the database run
 * as usual), so every workflow dates what it does, and counts its deadlines, from the day the step happens.
 * The real clock is back once the replay ends, also when it fails.
 */
export async function onTravellingClock<T>(run: (travelTo: (at: Date) => void) => Promise<T>): Promise<T> {
  // A clock already faked (a test's) is borrowed and given back where it would be had it run on meanwhile.
  const faked = (Date as unknown as { isFake?: boolean; clock?: SettableClock }).isFake
    ? (Date as unknown as { clock: SettableClock }).clock
    : null;
  if (faked) {
    const [from, started] = [faked.now, performance.now()];
    try {
      return await run((at) => faked.setSystemTime(at));
    } finally {
      faked.setSystemTime(from + (performance.now() - started));
    }
  }
  const clock = FakeTimers.withGlobal(globalThis).install({ toFake: ['Date'], now: Date.now(), shouldAdvanceTime: false });
  try {
    return await run((at) => clock.setSystemTime(at));
  } finally {
    clock.uninstall();
  }
}

interface SettableClock {
  now: number;
  setSystemTime(at: Date | number): void;
}
