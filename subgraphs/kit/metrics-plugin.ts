import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlDuration, graphqlRequests, operationLabel } from './metrics.js';

/** Counts and times every GraphQL operation a service answers, refused ones included (their outcome is the error code). */
export function graphqlMetricsPlugin<Ctx extends object>(service: string): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      const stopTimer = graphqlDuration.startTimer({ service });
      return {
        async willSendResponse({ operationName, request, response }) {
          // A refused operation was never resolved: the name the client sent, if any.
          const operation = operationLabel(operationName ?? request.operationName);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const outcome = errors.length ? String(errors[0]!.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok';
          graphqlRequests.inc({ service, operation, outcome });
          stopTimer({ operation });
        },
      };
    },
  };
}
