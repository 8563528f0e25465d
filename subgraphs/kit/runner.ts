import type { Consumer, FeedEvent, FeedPosition } from './events.js';
import type { Db } from './db.js';
import type { ServedSubgraph } from './in-process.js';
import { log } from './log.js';
import type { ReplayGuard } from './replay.js';
import { eventLagCheck, maxEventLagSeconds } from './readiness.js';
import { serveSubgraph } from './service.js';
import { consumerOf, type Subgraph } from './subgraph.js';

/**
 * What both runners do with a built subgraph (the platform in one process, a subgraph alone): serve it, apply
 * the events it consumes, and run its housekeeping. Written once, so the two never drift apart.
 */

/**
 * A built subgraph's faces: over HTTP /graphql behind the principal check, /health and /ready, its feed and
 * routes; in process the same /graphql, for a gateway in the same process.
 */
export function serveBuiltSubgraph(
  subgraph: Subgraph<any, any>,
  at: { internalSecret: string; port: number; host: string; replays: ReplayGuard },
): Promise<ServedSubgraph> {
  return serveSubgraph({
    name: subgraph.name,
    server: subgraph.server,
    createContext: subgraph.createContext,
    healthCheck: subgraph.healthCheck,
    feed: subgraph.feed,
    routes: subgraph.routes,
    status: subgraph.status,
    checks: {
      ...(subgraph.consumes.length ? { events: eventLagCheck(subgraph.name, maxEventLagSeconds()) } : {}),
      ...subgraph.checks,
    },
    ...at,
  });
}

/** Where a producer's events are read: its /events URL, or its feed in this process. */
export type FeedOf = (
  producer: string,
) => { feedUrl: string } | { source: (after: FeedPosition | null, limit: number) => Promise<FeedEvent[]> };

/**
 * The consumers of every consumption of the given subgraphs, each on its subgraph's own database handle;
 * started polling every `intervalMs` unless `manual` (tests and the seed drive them with pollOnce).
 */
export function startConsumers(
  subgraphs: { subgraph: Subgraph<any, any>; db: Db }[],
  options: { feedOf: FeedOf; internalSecret: string; intervalMs?: number; manual?: boolean },
): { consumer: string; instance: Consumer }[] {
  const consumers = subgraphs.flatMap(({ subgraph, db }) =>
    subgraph.consumes.map((consumption) => ({
      consumer: subgraph.name,
      instance: consumerOf(subgraph.name, consumption, {
        db,
        internalSecret: options.internalSecret,
        ...options.feedOf(consumption.producer),
      }),
    })),
  );
  if (!options.manual) for (const { instance } of consumers) instance.start(options.intervalMs ?? 500);
  return consumers;
}

/**
 * Polls every consumer until none finds anything new: consequences can cascade (a repair changes a record,
 * the record a list). A page that fails (a feed unreachable for a moment) is polled again with backoff:
 * pages are applied with their cursor in one transaction, so a retry never applies anything twice.
 */
export async function drainConsumers(consumers: Consumer[], attempts = 5): Promise<void> {
  const poll = async (consumer: Consumer): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await consumer.pollOnce();
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  };
  for (let round = 0; round < 10; round++) {
    let applied = 0;
    for (const consumer of consumers) applied += await poll(consumer);
    if (applied === 0) return;
  }
}

/** Runs every subgraph's housekeeping now and then hourly; returns the stop function. */
export function startHousekeeping(subgraphs: Subgraph<any, any>[], intervalMs = 3600_000): () => void {
  const run = () => {
    for (const subgraph of subgraphs)
      subgraph.housekeeping?.().catch((error) => log.warn({ err: error, subgraph: subgraph.name }, 'housekeeping failed; will retry'));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
