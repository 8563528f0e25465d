import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { withLimitCode } from '../subgraphs/kit/operation-limits.js';

/** What a client sees of an error: a limit's own code, and no internal service names. */
export function publicError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { serviceName: _service, ...extensions } = formatted.extensions ?? {};
  return withLimitCode({ ...formatted, extensions });
}

/** Production answers "Cannot query field" without guessing at the schema for the caller. */
export const hideSuggestions: ApolloServerPlugin<any> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) error.message = error.message.replace(/ ?Did you mean .+\?$/, '');
      },
    };
  },
};
