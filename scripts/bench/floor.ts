/**
 * The floor: what a query costs the subgraphs alone. The project's own data source (gateway/data-source.ts)
 * records the requests an Apollo gateway in this process sends for the query, with the query plan that orders
 * them; the replay sends the same requests straight to the subgraphs in that order (a sequence waits, a
 * parallel group does not), each with a freshly signed principal, since a header is accepted once.
 */
import { randomUUID } from 'node:crypto';
import { ApolloGateway, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { SignedDataSource, type FetchContext } from '../../gateway/data-source.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, signPrincipal, type Principal } from '../../subgraphs/kit/principal.js';
import type { BenchQuery } from './queries.js';

export interface CapturedFetch {
  serviceName: string;
  url: string;
  /** The JSON body as the gateway sent it. */
  body: string;
  /** The subgraph's answer (data and errors) as the gateway received it. */
  answer: string;
}

/** The plan's shape with each fetch replaced by the request captured for it (fetches never sent are left out). */
export type ReplayStep = { kind: 'fetch'; fetch: CapturedFetch } | { kind: 'sequence' | 'parallel'; steps: ReplayStep[] };

export interface Capture {
  query: BenchQuery;
  principal: Principal;
  plan: ReplayStep;
  fetches: CapturedFetch[];
}

const answerOf = (response: GatewayGraphQLResponse) => JSON.stringify({ data: response.data ?? null, errors: response.errors ?? [] });

class RecordingDataSource extends SignedDataSource {
  constructor(
    private readonly serviceUrl: string,
    private readonly serviceName: string,
    secret: string,
    private readonly sink: CapturedFetch[],
  ) {
    super(serviceUrl, serviceName, secret, 15_000);
  }

  override async process(options: GraphQLDataSourceProcessOptions<FetchContext>): Promise<GatewayGraphQLResponse> {
    const { query, variables, operationName } = options.request;
    const fetch: CapturedFetch = {
      serviceName: this.serviceName,
      url: this.serviceUrl,
      body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
      answer: '',
    };
    this.sink.push(fetch);
    const response = await super.process(options);
    fetch.answer = answerOf(response);
    return response;
  }
}

function stepsOf(node: PlanNode, unused: CapturedFetch[]): ReplayStep[] {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel': {
      const steps = node.nodes.flatMap((child) => stepsOf(child, unused));
      return steps.length ? [{ kind: node.kind === 'Sequence' ? 'sequence' : 'parallel', steps }] : [];
    }
    case 'Flatten':
      return stepsOf(node.node, unused);
    case 'Fetch': {
      const sent = unused.findIndex((f) => f.serviceName === node.serviceName && JSON.parse(f.body).query === node.operation);
      // A fetch with nothing to resolve (no representations) is not sent; there is nothing to replay.
      return sent < 0 ? [] : [{ kind: 'fetch', fetch: unused.splice(sent, 1)[0]! }];
    }
    default:
      throw new Error(`the floor cannot replay a plan with a ${node.kind} node`);
  }
}

/** Plans and runs `query` once as `principal`, recording every subgraph request and the plan's order. */
export async function captureFetches(
  query: BenchQuery,
  supergraphSdl: string,
  serviceUrls: Record<string, string>,
  internalSecret: string,
  principal: Principal,
): Promise<Capture> {
  const fetches: CapturedFetch[] = [];
  let queryPlan: QueryPlan | undefined;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => new RecordingDataSource(serviceUrls[name]!, name, internalSecret, fetches),
    experimental_didResolveQueryPlan: ({ queryPlan: plan }) => (queryPlan = plan),
  });
  const server = new ApolloServer<FetchContext>({ gateway });
  await server.start();
  try {
    const context: FetchContext = { principal, requestId: randomUUID(), client: '127.0.0.1', deadline: Date.now() + 30_000 };
    const result = await server.executeOperation(
      { query: query.query, variables: query.variables, operationName: query.operationName },
      { contextValue: context },
    );
    if (result.body.kind !== 'single') throw new Error(`${query.name}: expected a single result`);
    const failed = fetches.find((f) => /"UNAUTHENTICATED"|"INTERNAL_SERVER_ERROR"|SUBGRAPH_UNAVAILABLE/.test(f.answer));
    if (failed) throw new Error(`${query.name}: the ${failed.serviceName} subgraph refused the captured request: ${failed.answer}`);
  } finally {
    await server.stop();
  }
  if (!queryPlan?.node || queryPlan.node.kind === 'Subscription') throw new Error(`${query.name}: no query plan was resolved`);
  const unused = [...fetches];
  const steps = stepsOf(queryPlan.node, unused);
  if (unused.length) throw new Error(`${query.name}: ${unused.length} captured fetch(es) are in no node of the plan`);
  return { query, principal, plan: steps.length === 1 ? steps[0]! : { kind: 'sequence', steps }, fetches };
}

export interface ReplayOutcome {
  /** Fetches whose answer differs from the captured one (or was not HTTP 200). */
  differing: string[];
}

/** Sends the captured requests in the plan's order, each signed afresh for its subgraph. */
export async function replay(capture: Capture, internalSecret: string): Promise<ReplayOutcome> {
  const requestId = randomUUID();
  const differing: string[] = [];
  const send = async (fetch: CapturedFetch) => {
    const header = signPrincipal(
      {
        principal: capture.principal,
        requestId,
        audience: fetch.serviceName,
        issuer: 'gateway',
        operation: capture.query.operationName,
        client: '127.0.0.1',
      },
      internalSecret,
    );
    const response = await globalThis.fetch(fetch.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: header, [REQUEST_ID_HEADER]: requestId },
      body: fetch.body,
    });
    const text = await response.text();
    if (response.status !== 200) return void differing.push(`${fetch.serviceName}: HTTP ${response.status} ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    const answer = JSON.stringify({ data: body.data ?? null, errors: body.errors ?? [] });
    if (answer !== fetch.answer) differing.push(`${fetch.serviceName}: answer differs from the captured one`);
  };
  const run = async (step: ReplayStep): Promise<void> => {
    if (step.kind === 'fetch') return send(step.fetch);
    if (step.kind === 'parallel') return void (await Promise.all(step.steps.map(run)));
    for (const child of step.steps) await run(child);
  };
  await run(capture.plan);
  return { differing };
}

/** The plan as one line, e.g. `subjects → (records → subjects ‖ repairs ‖ incentives)`. */
export function describePlan(step: ReplayStep): string {
  if (step.kind === 'fetch') return step.fetch.serviceName;
  const inner = step.steps.map(describePlan);
  return step.kind === 'parallel' ? `(${inner.join(' ‖ ')})` : inner.join(' → ');
}
