import type express from 'express';
import { runChecks, type Check, type ReadinessReport } from '../subgraphs/kit/readiness.js';

/** How long one round of subgraph probes is reused: a busy probe schedule never multiplies into subgraph load. */
const PROBE_REUSE_MS = 2000;

/**
 * The gateway is ready while every subgraph behind it answers its /health (its database reachable). The
 * repairs service owns the working-day calendar and tells how far it reaches: /health repeats it, so one
 * probe warns the operator before deadlines start to be refused.
 */
export function gatewayHealth(routes: Record<string, string>) {
  let calendar: unknown = null;
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;

  const probe = (name: string, url: string) => async (): Promise<Check> => {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
    const body = (await response.json().catch(() => ({}))) as { calendar?: unknown };
    if (name === 'repairs') calendar = body.calendar ?? null;
    return { ok: response.ok, detail: { status: response.status } };
  };
  const checks = Object.fromEntries(Object.entries(routes).map(([name, url]) => [`subgraph:${name}`, probe(name, url)]));

  function readiness(): Promise<ReadinessReport> {
    if (!last || Date.now() - last.at > PROBE_REUSE_MS) last = { at: Date.now(), report: runChecks(checks) };
    return last.report;
  }

  return {
    readiness,
    route(app: express.Express): void {
      app.get('/health', async (_req, res) => {
        const report = await readiness();
        res
          .status(report.ready ? 200 : 503)
          .set('cache-control', 'no-store')
          .json({ status: report.ready ? 'ok' : 'unavailable', service: 'gateway', calendar, checks: report.checks });
      });
    },
  };
}
