/**
 * `npm run bench:rate-limit`: the portal's per-address budget costs the same per request after 100,000 requests
 * from one address as after the first (issue 16 measured the old limiter copying the address's whole list of
 * timestamps on each: 5.7 ms at 60k). In memory, as `npm start` runs it; with REDIS_URL, through Redis.
 */
import { openLimitStore, createRateLimiter } from '../subgraphs/kit/rate-limit.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const store = openLimitStore(process.env);
const limiter = createRateLimiter(store, { name: `bench-${process.pid}`, points: 1_000_000_000, windowMs: 60_000 });
const perRequestUs: number[] = [];
let started = performance.now();
for (let i = 1; i <= REQUESTS; i++) {
  const decision = await limiter.consume('203.0.113.7', 3);
  if (!decision.allowed) throw new Error(`refused at ${i}`);
  if (i % (REQUESTS / 10) === 0) {
    perRequestUs.push(((performance.now() - started) * 1000) / (REQUESTS / 10));
    started = performance.now();
  }
}
console.log(`Rate limiter (${store.redis ? 'Redis' : 'in memory'}), ${REQUESTS} requests from one address, µs per request by tenth:`);
console.log(perRequestUs.map((us) => us.toFixed(1)).join(' · '));
await store.close();
