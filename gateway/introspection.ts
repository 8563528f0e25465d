import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import { can } from '../subgraphs/kit/access.js';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';
import { forbidden } from '../subgraphs/kit/errors.js';
import { attachMessage } from '../subgraphs/kit/messages.js';
import type { GatewayContext } from './context.js';
import { GATEWAY_MESSAGES as M } from './messages.js';

/** Who may read the schema by introspection in production: staff (the default) or everyone. */
export type IntrospectionAudience = 'staff' | 'public';

export function loadIntrospectionAudience(env: Env = process.env): IntrospectionAudience {
  const raw = env.INTROSPECTION ?? 'staff';
  if (raw !== 'staff' && raw !== 'public')
    throw new ConfigError(
      `INTROSPECTION must be "staff" (production: authenticated staff only, the default) or "public" (everyone), got "${raw}"`,
    );
  return raw;
}

export const INTROSPECTION_REFUSED = M.GATEWAY_INTROSPECTION_REFUSED();

/** Any __schema or __type field, wherever it stands: under an alias, in a fragment, inline or named. */
export function asksIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * In production the schema is a map of what the platform holds: staff read it (the explorer, their code
 * generators), the public is refused unless INTROSPECTION=public. Apollo's own switch knows no caller, so the
 * gateway lets Apollo introspect and decides here, once the caller is known. __typename stays open to all.
 */
export function introspectionGuard(audience: IntrospectionAudience, production: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!production || audience === 'public' || can(contextValue.principal, 'introspect')) return;
          if (!asksIntrospection(document)) return;
          const refused = forbidden(INTROSPECTION_REFUSED);
          // A refusal of the whole operation, before it runs: 403 rather than Apollo's 500 for a throw here.
          // The message rides along, so localisedErrorsPlugin answers in the caller's language.
          throw attachMessage(
            new GraphQLError(refused.message, { extensions: { ...refused.extensions, http: { status: 403 } } }),
            INTROSPECTION_REFUSED,
          );
        },
      };
    },
  };
}
