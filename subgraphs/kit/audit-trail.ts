import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';
import type { AuditFilter, AuditLog } from './audit.js';
import type { PolicyScope, TypePolicy } from './field-policy.js';
import { can } from './access.js';

const MAX_ENTRIES = 500;

/** The AuditTrail entity carries its filter as its key, so each subgraph answers for its own trail. */
export function encodeAuditFilter(
  filter:
    { subjectId?: string | null; unitId?: string | null; from?: Date | null; to?: Date | null; limit?: number | null } | null | undefined,
): string {
  const limit = filter?.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ENTRIES)
    throw badInput('filter.limit', M.AUDIT_LIMIT_OUT_OF_RANGE({ max: MAX_ENTRIES, got: limit }));
  if (filter?.from && filter?.to && filter.from > filter.to) throw badInput('filter.from', M.AUDIT_RANGE_REVERSED());
  return JSON.stringify({
    subjectId: filter?.subjectId ?? null,
    unitId: filter?.unitId ?? null,
    from: filter?.from?.toISOString() ?? null,
    to: filter?.to?.toISOString() ?? null,
    limit,
  });
}

function decodeAuditFilter(key: string): AuditFilter {
  const raw = JSON.parse(key) as { subjectId: string | null; unitId: string | null; from: string | null; to: string | null; limit: number };
  return {
    subjectId: raw.subjectId,
    unitId: raw.unitId,
    from: raw.from ? new Date(raw.from) : null,
    to: raw.to ? new Date(raw.to) : null,
    limit: Math.min(raw.limit, MAX_ENTRIES),
  };
}

/** `AuditTrail.<subgraph>` (entries) and `AuditTrail.<subgraph>Chain` (verification) for one subgraph. */
export function auditTrailResolvers(name: string, auditLog: AuditLog) {
  return {
    AuditTrail: {
      __resolveReference: (ref: { filter: string }) => ref,
      [name]: async (trail: { filter: string }, _: unknown, ctx: PolicyScope) => {
        const entries = await auditLog.query(decodeAuditFilter(trail.filter));
        // Reading the trail is traced whenever it showed an entry, whether or not the entries name subjects.
        if (entries.length) ctx.audit.noteUnboundRead('AUDIT_TRAIL');
        ctx.audit.note('AUDIT_TRAIL', new Set(entries.flatMap((entry) => entry.subjectIds)));
        return entries;
      },
      [`${name}Chain`]: (_trail: unknown, args: { full?: boolean | null }) => auditLog.verify({ full: args.full ?? false }),
    },
  };
}

const creditOfficeOnly = {
  reason: M.AUDIT_TRAIL_CREDIT_OFFICE_ONLY(),
  access: (ctx: PolicyScope) => (can(ctx.principal, 'readAuditTrail') ? 'full' : 'deny'),
} as const;

/** The field-policy entries every subgraph has for its audit trail and the shared value types. */
export function auditTrailPolicy(name: string): Record<string, TypePolicy> {
  return {
    AuditTrail: { public: ['filter'], restricted: { [name]: creditOfficeOnly, [`${name}Chain`]: creditOfficeOnly } },
    AuditEntry: { public: ['seq', 'at', 'requestId', 'principal', 'unitId', 'operation', 'action', 'dataClass', 'subjectIds', 'hash'] },
    ChainVerification: {
      public: [
        'intact',
        'checkedEntries',
        'firstBrokenSeq',
        'problem',
        'headHash',
        'anchoredSeq',
        'anchoredAt',
        'anchorProblems',
        'checkpointSeq',
        'checkpointAt',
      ],
    },
  };
}
