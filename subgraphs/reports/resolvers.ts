import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import { linksFor, type IssuedReport, type Issuer } from './issue.js';
import type { SigningKey } from './signing.js';
import { specialRequest } from './special.js';
import { verifyNumber } from './verify.js';

export interface ReportsDeps {
  issuer: Issuer;
  key: SigningKey;
  /** The gateway's public address, where report URLs point. */
  base(): string;
  ping(): Promise<void>;
}

export const reportsLoaders = (_data: ReportsDeps, _scope: LoaderScope) => ({});
type Ctx = SubgraphContext<ReportsDeps, ReturnType<typeof reportsLoaders>>;

const view = (row: IssuedReport, base: string) => ({ ...row, ...linksFor(row, base) });

/** Thin calls into the issuer and the verifier. */
export const reportsResolvers: GraphQLResolverMap<Ctx> = {
  Subject: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    creditReport: async (subject: { id: string }, args: { full?: boolean }, ctx: Ctx) =>
      view(await ctx.data.issuer.issue(ctx, subject.id, args.full ?? false), ctx.data.base()),
    specialCreditReport: async (subject: { id: string }, args: { fields: string[]; from: string; to: string }, ctx: Ctx) =>
      view(await ctx.data.issuer.issue(ctx, subject.id, true, specialRequest(args.fields, args.from, args.to)), ctx.data.base()),
  },
  Query: {
    verifyCreditReport: async (_: unknown, args: { number: string; sha256?: string | null }, ctx: Ctx) => {
      const number = args.number.trim().toUpperCase();
      return verifyNumber(number, await ctx.data.issuer.byNumber(number), ctx.data.key, ctx.data.base(), args.sha256);
    },
    reportSigningKey: (_: unknown, __: unknown, ctx: Ctx) => ({
      algorithm: 'Ed25519',
      keyId: ctx.data.key.keyId,
      publicKeyPem: ctx.data.key.publicKeyPem,
      url: `${ctx.data.base()}/.well-known/credit-report-key.pem`,
    }),
  },
};
