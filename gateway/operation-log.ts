import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { log } from '../subgraphs/kit/log.js';
import { limitCodeOf } from '../subgraphs/kit/operation-limits.js';
import type { GatewayContext } from './context.js';

/** One JSON log line per operation, refused ones included: request id, principal, operation, outcome. */
export const operationLog: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    const started = Date.now();
    return {
      async didEncounterErrors({ errors, operationName }) {
        // A timed-out or dropped subgraph fetch is logged with the request it belonged to.
        for (const error of errors) {
          if (
            error.extensions?.code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR ||
            error.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' ||
            !error.extensions?.code
          ) {
            log.warn(
              {
                service: 'gateway',
                requestId: contextValue.requestId,
                operation: operationName ?? null,
                path: error.path,
                err: error.originalError ?? error,
              },
              'operation failed',
            );
          }
        }
      },
      async willSendResponse({ operationName, errors, response }) {
        const codes = [
          ...new Set(
            (errors ?? []).map((error) =>
              String(limitCodeOf(error.extensions) ?? error.extensions?.code ?? ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
            ),
          ),
        ];
        const resultErrors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        log.info({
          service: 'gateway',
          requestId: contextValue.requestId,
          principal: contextValue.principal,
          operation: operationName ?? null,
          outcome: codes.length || resultErrors.length ? 'error' : 'ok',
          errorCodes: codes.length ? codes : [...new Set(resultErrors.map((e) => String(e.extensions?.code ?? '')))],
          ms: Date.now() - started,
        });
      },
    };
  },
};
