import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { PLATFORM_ERROR_CODES } from '../subgraphs/kit/errors.js';
import type { InProcessAnswer, InProcessSubgraph } from '../subgraphs/kit/in-process.js';
import { answerWithout, callBudgetMs, isTimeout, signedFor, type FetchContext } from './data-source.js';

/** Rejects at `ms`, as AbortSignal.timeout does a fetch; `cancel` once the call has answered. */
function deadline(ms: number): { passed: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  });
  return { passed, cancel: () => clearTimeout(timer) };
}

/** The subgraph's cache-control narrows the operation's cache policy, as RemoteGraphQLDataSource does over HTTP. */
function restrictCachePolicy(options: GraphQLDataSourceProcessOptions<FetchContext>, header: string | undefined): void {
  const policy = 'incomingRequestContext' in options ? options.incomingRequestContext.overallCachePolicy : undefined;
  if (!policy || !('restrict' in policy)) return;
  const parts = Object.fromEntries(
    (header ?? '')
      .trim()
      .split(/\s*,\s*/)
      .map((part) => part.split(/\s*=\s*/, 2) as [string, string | undefined]),
  );
  const maxAge = parts['max-age']?.replace(/^"|"$/g, '');
  policy.restrict({
    maxAge: maxAge && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...('private' in parts ? { scope: 'PRIVATE' } : 'public' in parts ? { scope: 'PUBLIC' } : {}),
  });
}

/**
 * The data source of a subgraph in the gateway's own process. The principal is signed for the subgraph
 * exactly as for a fetch (data-source.ts) and checked by the subgraph as over HTTP, single use included; the
 * subgraph's answer is read as an HTTP answer would be: a status that is not 2xx keeps only a refusal's errors,
 * a subgraph that is closed or fails gives SUBGRAPH_UNAVAILABLE at the fields it owns, one that is late
 * GATEWAY_TIMEOUT (it still finishes, and audits, what it started, as it does after an aborted fetch).
 */
export class InProcessDataSource implements GraphQLDataSource<FetchContext> {
  constructor(
    private readonly subgraph: InProcessSubgraph,
    private readonly secret: string,
    private readonly subgraphTimeoutMs: number,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<FetchContext>): Promise<GatewayGraphQLResponse> {
    const { name } = this.subgraph;
    const { header } = signedFor(options, name, this.secret);
    const { query, variables, operationName, extensions } = options.request;
    const limit = deadline(callBudgetMs(this.subgraphTimeoutMs, options.context?.deadline));
    let answer: InProcessAnswer;
    try {
      answer = await Promise.race([this.subgraph.execute({ query, variables, operationName, extensions }, header), limit.passed]);
    } catch (error) {
      if (!('incomingRequestContext' in options)) throw error;
      const code = isTimeout(error) ? PLATFORM_ERROR_CODES.GATEWAY_TIMEOUT : PLATFORM_ERROR_CODES.SUBGRAPH_UNAVAILABLE;
      return answerWithout(options, name, code, error);
    } finally {
      limit.cancel();
    }
    if (answer.status >= 200 && answer.status < 300) {
      restrictCachePolicy(options, answer.cacheControl);
      return answer.body;
    }
    // A subgraph that answered with its own refusal (a limit, a bad request) keeps its errors.
    if (answer.status < 500 && answer.body.errors?.length) return { errors: answer.body.errors };
    const failure = new Error(`${name} answered ${answer.status}`);
    if (!('incomingRequestContext' in options)) throw failure;
    return answerWithout(options, name, PLATFORM_ERROR_CODES.SUBGRAPH_UNAVAILABLE, failure);
  }
}
