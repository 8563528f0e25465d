import type express from 'express';

/**
 * /health. The repairs service owns the working-day calendar: its /ready says how far it reaches, and the
 * gateway repeats it so one probe warns the operator before deadlines start to be refused.
 */
export function healthRoute(app: express.Express, repairsGraphqlUrl: string): void {
  const repairsReady = new URL('/ready', repairsGraphqlUrl).toString();
  app.get('/health', async (_req, res) => {
    let calendar: unknown = null;
    try {
      const ready = (await (await fetch(repairsReady, { signal: AbortSignal.timeout(1000) })).json()) as { calendar?: unknown };
      calendar = ready.calendar ?? null;
    } catch {
      // repairs unreachable: the gateway itself is healthy; the calendar is simply not known here now.
    }
    res.json({ status: 'ok', service: 'gateway', calendar });
  });
}
