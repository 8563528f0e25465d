/**
 * A closed loop: `clients` callers, each sending its next request when its last one is answered. After the
 * warm-up, what completes within the window is counted (throughput) and timed (latency); what is still in
 * flight at the end is awaited, so the next cell starts on a quiet target, but not counted.
 */
export interface CellOptions {
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** Called as the window opens and as it closes (to read the processes' CPU time there). */
  onWindow?: (edge: 'start' | 'end') => void;
}

export interface CellResult {
  /** Requests answered within the window. */
  completed: number;
  seconds: number;
  /** Their latencies, ascending. */
  latenciesMs: number[];
  /** Every expected answer of the cell, warm-up and tail included (what the audit entries are divided by). */
  answered: number;
  /** Answers that were not the expected one (any time in the cell), and the first such. */
  failures: number;
  firstFailure: string;
}

/** `ask` sends one request and resolves to '' for the expected answer, else what was wrong. */
export type Ask = () => Promise<string>;

export async function runCell(ask: Ask, options: CellOptions): Promise<CellResult> {
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const latencies: number[] = [];
  let failures = 0;
  let answered = 0;
  let firstFailure = '';
  const fired = new Set<'start' | 'end'>();
  const edge = (which: 'start' | 'end') => {
    if (!fired.has(which)) options.onWindow?.(which);
    fired.add(which);
  };
  const timers = [setTimeout(() => edge('start'), options.warmupMs), setTimeout(() => edge('end'), options.warmupMs + options.durationMs)];
  const client = async () => {
    while (performance.now() < windowEnd) {
      const started = performance.now();
      let problem: string;
      try {
        problem = await ask();
      } catch (error) {
        problem = (error as Error).message;
      }
      const ended = performance.now();
      if (problem) {
        failures += 1;
        firstFailure ||= problem;
        continue;
      }
      answered += 1;
      if (ended >= windowStart && ended <= windowEnd) latencies.push(ended - started);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  for (const timer of timers) clearTimeout(timer);
  // A busy event loop may run the timers late; the edges still come once each, in order.
  edge('start');
  edge('end');
  latencies.sort((a, b) => a - b);
  return { completed: latencies.length, seconds: options.durationMs / 1000, latenciesMs: latencies, answered, failures, firstFailure };
}

/** The p-th percentile (0–100) of ascending values, NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Cells of the same target and query from several rounds, as one. */
export function merged(results: CellResult[]): CellResult {
  return {
    completed: results.reduce((n, r) => n + r.completed, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    latenciesMs: results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b),
    answered: results.reduce((n, r) => n + r.answered, 0),
    failures: results.reduce((n, r) => n + r.failures, 0),
    firstFailure: results.find((r) => r.firstFailure)?.firstFailure ?? '',
  };
}
