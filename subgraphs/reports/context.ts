import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { Issuer } from './issue.js';
import type { SigningKey } from './signing.js';

/** What every request of the reports subgraph works with (server.ts builds it once): the issuer, the signing key, the public address. */
export interface ReportsDeps {
  issuer: Issuer;
  key: SigningKey;
  /** The gateway's public address, where report URLs point. */
  base(): string;
  ping(): Promise<void>;
}

/** No loaders: a report is composed through the gateway, one subject at a time, and looked up by number. */
export const reportsLoaders = (_data: ReportsDeps, _scope: LoaderScope) => ({});

export type ReportsLoaders = ReturnType<typeof reportsLoaders>;

/** The context every reports resolver gets. */
export type ReportsContext = SubgraphContext<ReportsDeps, ReportsLoaders>;
