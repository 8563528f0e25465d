import type { ApolloServerPlugin } from '@apollo/server';
import { PLATFORM_ERROR_CODES } from '../subgraphs/kit/errors.js';
import { isPublic } from '../subgraphs/kit/access.js';
import { rootFieldCount } from '../subgraphs/kit/operation-limits.js';
import { GATEWAY_MESSAGES as M } from './messages.js';
import type { Principal } from '../subgraphs/kit/principal.js';
import { createRateLimiter, rateLimited, type LimitStore } from '../subgraphs/kit/rate-limit.js';

/** Anything refused for frequency, here or in a subgraph, is HTTP 429 with Retry-After at the gateway. */
export const rateLimitStatus: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const limited = (response.body.singleResult.errors ?? []).filter(
          (error) => error.extensions?.code === PLATFORM_ERROR_CODES.RATE_LIMITED,
        );
        if (!limited.length) return;
        const seconds = Math.max(...limited.map((error) => Number(error.extensions?.retryAfterSeconds) || 1));
        response.http.status = 429;
        response.http.headers.set('retry-after', String(seconds));
      },
    };
  },
};

/**
 * Per client address, the portal's public queries share a budget of root fields per window, counted
 * as the operation asks them (aliases, inline fragments and fragment spreads included) and checked
 * after counting: one request never gets past the budget, however many fields it bundles.
 */
export function publicRateLimit<Ctx extends { principal: Principal; client: string }>(
  store: LimitStore,
  fieldsPerMinute: number,
): ApolloServerPlugin<Ctx> {
  const limiter = createRateLimiter(store, { name: 'portal-root-fields', points: fieldsPerMinute, windowMs: 60_000 });
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ document, operation }) {
          if (!isPublic(contextValue.principal) || !operation) return;
          const decision = await limiter.consume(contextValue.client, Math.max(1, rootFieldCount(document, operation)));
          if (!decision.allowed) throw rateLimited(M.GATEWAY_PUBLIC_QUERIES_TOO_MANY(), decision.retryAfterMs);
        },
      };
    },
  };
}
