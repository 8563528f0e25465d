import { and, eq, inArray } from 'drizzle-orm';
import { describePrincipal } from '../kit/audit.js';
import type { Db } from '../kit/db.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import { activeMembership } from './data.js';
import { DEFAULT_POINTS_RULES, SEVERITIES } from './points.js';
import { POSITIVE_KINDS } from './rules.js';
import { listMemberships, pointsRules, recordFacts, subjectFacts, type ListMembershipRow } from './tables.js';
import { can } from '../kit/access.js';

const m = listMemberships;
const MAX_POINTS = 1000;

export interface ListEntryInput {
  subject: string;
  list: string;
  reason: string;
  until?: string | null;
}

function requireCreditOffice(ctx: PolicyScope, what: string, capability: 'administerLists' | 'setPointsRules' = 'administerLists'): void {
  if (!can(ctx.principal, capability)) throw forbidden(`only the credit office ${what}`);
}

/** The credit office's hand on the lists and the points table: every change has a reason and is audited. */
export function createAdministration(db: Db) {
  /** Honest-conduct and honour categories: the installed table's and any seen in records. */
  async function positiveCategories(): Promise<string[]> {
    const seen = await db.selectDistinct({ category: recordFacts.category }).from(recordFacts).where(inArray(recordFacts.kind, POSITIVE_KINDS));
    return [...Object.keys(DEFAULT_POINTS_RULES).filter((basis) => !basis.startsWith('NEGATIVE_')), ...seen.map((row) => row.category)];
  }

  return {
    async addListEntry(ctx: PolicyScope, input: ListEntryInput): Promise<ListMembershipRow> {
      requireCreditOffice(ctx, 'adds list entries by hand');
      const reason = input.reason.trim();
      if (!reason) throw badInput('input.reason', 'is empty: say why the subject is put on the list');
      const today = chinaToday();
      if (input.until != null && (!isRealDate(input.until) || input.until < today)) throw badInput('input.until', `must be a real date from today (${today}) on`);
      const [subject] = await db.select().from(subjectFacts).where(eq(subjectFacts.subjectId, input.subject));
      if (!subject) throw badInput('input.subject', 'names no subject on the platform');
      const row = await db.transaction(async (tx) => {
        const [held] = await tx
          .select()
          .from(m)
          .where(and(eq(m.subjectId, input.subject), eq(m.list, input.list), eq(m.origin, 'MANUAL'), activeMembership(today)));
        if (held) {
          if (held.reason === reason && held.until === (input.until ?? null)) return held;
          throw conflict(`the subject is already on ${input.list} by hand (membership ${held.id}); end it first to change it`);
        }
        const [inserted] = await tx
          .insert(m)
          .values({ subjectId: input.subject, list: input.list, reason, since: today, until: input.until ?? null, origin: 'MANUAL', addedBy: describePrincipal(ctx.principal) })
          .returning();
        return inserted!;
      });
      ctx.audit.note('LIST_MEMBERSHIP', [row.subjectId], 'MUTATION');
      return row;
    },

    async endListMembership(ctx: PolicyScope, id: string, reasonText: string): Promise<ListMembershipRow> {
      requireCreditOffice(ctx, 'ends list memberships by hand');
      const reason = reasonText.trim();
      if (!reason) throw badInput('reason', 'is empty: say why the membership ends');
      const uuid = asUuid(id);
      if (!uuid) throw badInput('id', 'is not a membership id');
      const [row] = await db.select().from(m).where(eq(m.id, uuid));
      if (!row) throw notFound(`list membership ${id}`);
      if (row.endedAt) return row; // a retry, or ended already: the first ending stands
      const [ended] = await db
        .update(m)
        .set({ endedAt: new Date(), endReason: reason, endedBy: describePrincipal(ctx.principal) })
        .where(eq(m.id, uuid))
        .returning();
      ctx.audit.note('LIST_MEMBERSHIP', [row.subjectId], 'MUTATION');
      return ended!;
    },

    async setPointsRule(ctx: PolicyScope, basis: string, points: number) {
      requireCreditOffice(ctx, 'sets the Loucheng points table', 'setPointsRules');
      const valid = [...(await positiveCategories()), ...SEVERITIES.map((s) => `NEGATIVE_${s}`)];
      if (!valid.includes(basis)) throw badInput('basis', `must be an honest-conduct or honour category code or one of NEGATIVE_MINOR, NEGATIVE_GENERAL, NEGATIVE_SERIOUS`);
      if (!Number.isInteger(points) || Math.abs(points) > MAX_POINTS) throw badInput('points', `must be an integer between -${MAX_POINTS} and ${MAX_POINTS}`);
      if (basis.startsWith('NEGATIVE_') ? points > 0 : points < 0) throw badInput('points', basis.startsWith('NEGATIVE_') ? 'dishonesty cannot add points' : 'honest conduct cannot subtract points');
      const values = { basis, points, updatedAt: new Date(), updatedBy: describePrincipal(ctx.principal) };
      const [row] = await db.insert(pointsRules).values(values).onConflictDoUpdate({ target: pointsRules.basis, set: values }).returning();
      ctx.audit.note('CREDIT_POINTS', [], 'MUTATION');
      return row!;
    },
  };
}

export type Administration = ReturnType<typeof createAdministration>;
