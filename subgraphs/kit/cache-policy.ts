import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { isPublic } from './access.js';
import type { Principal } from './principal.js';

/**
 * Which answers a browser or the portal's CDN may keep: only those to a caller without credentials, and only
 * as long as every field in them allows (the SDL's @cacheControl hints; a field without one, and every root field
 * without one, allows nothing, so anything personal or per-caller is `no-store`). An answer to staff, a member
 * unit or a subject is never cached, whatever its fields say: what they see differs by role and by who they are.
 */
export function publicAnswersOnlyCached<Ctx extends { principal: Principal }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, overallCachePolicy }) {
          if (!isPublic(contextValue.principal)) overallCachePolicy.restrict({ maxAge: 0 });
        },
      };
    },
  };
}

/**
 * An entity looked up for another subgraph (`_entities`) has no hint of its own: `maxAge` for this one, the least
 * over all entities of the fetch (restrict, never replace, so one uncacheable entity makes the fetch uncacheable).
 */
export function entityCacheHint(info: GraphQLResolveInfo | undefined, maxAge: number): void {
  (info as { cacheControl?: { cacheHint: { restrict(hint: { maxAge: number }): void } } } | undefined)?.cacheControl?.cacheHint.restrict({
    maxAge,
  });
}
