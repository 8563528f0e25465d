import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { badInput, conflict, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { groupBy } from '../kit/loaders.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import { activeMembership } from './data.js';
import { MEASURES, measureByCode, measuresOf, type Measure } from './measures.js';
import { PUBLIC_LISTS } from './policy.js';
import { listMemberships, measureFeedback, type ListMembershipRow, type MeasureFeedbackRow } from './tables.js';
import { can, isInstitution, unitActedFor } from '../kit/access.js';

const m = listMemberships;
const fb = measureFeedback;

export interface MeasureDue {
  measure: Measure;
  unitId: string;
  subjectId: string;
  membership: ListMembershipRow;
  applied: boolean;
  feedback: MeasureFeedbackRow[];
}

export interface FeedbackInput {
  subject: string;
  measure: string;
  membership: string;
  outcome: 'APPLIED' | 'NOT_APPLIED';
  appliedOn: string;
  result: string;
  reference: string;
}

/** Every (measure, unit) a membership calls for, with what that unit reported. */
function duesOf(memberships: ListMembershipRow[], feedback: MeasureFeedbackRow[], unitId: string | undefined): MeasureDue[] {
  const key = (membershipId: string, measure: string, unit: string) => `${membershipId}|${measure}|${unit}`;
  const reportedBy = groupBy(feedback, (row) => key(row.membershipId, row.measure, row.unitId));
  return memberships.flatMap((membership) =>
    measuresOf(membership.list, unitId).flatMap((measure) =>
      (unitId ? [unitId] : measure.units).map((unit) => {
        const reported = reportedBy.get(key(membership.id, measure.code, unit)) ?? [];
        return {
          measure,
          unitId: unit,
          subjectId: membership.subjectId,
          membership,
          applied: reported.some((row) => row.outcome === 'APPLIED'),
          feedback: reported,
        };
      }),
    ),
  );
}

/** 联合奖惩 in practice: what each unit must apply, what it reported back, what the credit office sees of both. */
export function createMeasureStore(db: Db) {
  async function feedbackFor(membershipIds: string[]): Promise<MeasureFeedbackRow[]> {
    if (!membershipIds.length) return [];
    return db.select().from(fb).where(inArray(fb.membershipId, membershipIds)).orderBy(desc(fb.reportedAt));
  }

  async function activeOfList(list: string | undefined): Promise<ListMembershipRow[]> {
    return db
      .select()
      .from(m)
      .where(and(list ? eq(m.list, list) : undefined, activeMembership(chinaToday())))
      .orderBy(desc(m.since), m.id);
  }

  return {
    async measuresFor(ctx: PolicyScope, subjectId: string, unit: string | null | undefined): Promise<MeasureDue[]> {
      const { principal } = ctx;
      if (!can(principal, 'applyMeasures'))
        throw forbidden('measures are answered to member units, financial institutions and the credit office');
      const acted = unitActedFor(principal, unit);
      if ('refused' in acted) throw forbidden('a unit asks for the measures it applies itself');
      const unitId = acted.unitId ?? undefined;
      const institution = isInstitution(principal);
      if (institution && isPersonSubjectId(subjectId)) throw forbidden('financial institutions are not told about natural persons');
      const memberships = await db
        .select()
        .from(m)
        .where(and(eq(m.subjectId, subjectId), activeMembership(chinaToday()), institution ? inArray(m.list, PUBLIC_LISTS) : undefined));
      const dues = duesOf(memberships, await feedbackFor(memberships.map((row) => row.id)), unitId);
      ctx.audit.note('LIST_MEMBERSHIP', dues.length ? [subjectId] : []);
      return dues;
    },

    async report(ctx: PolicyScope, input: FeedbackInput): Promise<MeasureFeedbackRow> {
      const { principal } = ctx;
      if (!can(principal, 'applyMeasures') || !principal.unitId)
        throw forbidden('measure feedback is reported by the unit that applied the measure');
      const unitId = principal.unitId;
      const measure = measureByCode(input.measure);
      if (!measure) throw badInput('input.measure', `is not a measure of the catalogue (${MEASURES.map((x) => x.code).join(', ')})`);
      if (!measure.units.includes(unitId))
        throw badInput('input.measure', `is not applied by ${unitId}; its units are ${measure.units.join(', ')}`);
      const membershipId = asUuid(input.membership);
      const [named] = membershipId ? await db.select().from(m).where(eq(m.id, membershipId)) : [];
      // A duplicate merged by the 0007 migration: the report belongs to the membership it was merged into.
      const [membership] = named?.mergedInto ? await db.select().from(m).where(eq(m.id, named.mergedInto)) : [named];
      if (!membership || membership.subjectId !== input.subject)
        throw badInput('input.membership', 'is not a list membership of this subject');
      if (membership.list !== measure.list)
        throw badInput('input.membership', `is on ${membership.list}, the measure applies to ${measure.list}`);
      if (!isRealDate(input.appliedOn)) throw badInput('input.appliedOn', `${input.appliedOn} is not a real date`);
      if (input.appliedOn > chinaToday()) throw badInput('input.appliedOn', 'is in the future: report what was applied');
      if (input.appliedOn < membership.since) throw badInput('input.appliedOn', `is before the membership began (${membership.since})`);
      const result = input.result.trim();
      if (!result || result.length > 2000) throw badInput('input.result', 'must say what was done (1 to 2000 characters)');
      const reference = input.reference.trim();
      if (!reference || reference.length > 100) throw badInput('input.reference', 'must be the unit’s own reference (1 to 100 characters)');
      const values = {
        unitId,
        reference,
        subjectId: input.subject,
        measure: measure.code,
        membershipId: membership.id,
        outcome: input.outcome,
        appliedOn: input.appliedOn,
        result,
      };
      const [inserted] = await db.insert(fb).values(values).onConflictDoNothing().returning();
      const row =
        inserted ??
        (
          await db
            .select()
            .from(fb)
            .where(and(eq(fb.unitId, unitId), eq(fb.reference, reference)))
        )[0]!;
      const same =
        row.subjectId === values.subjectId &&
        row.measure === values.measure &&
        row.membershipId === values.membershipId &&
        row.outcome === values.outcome &&
        row.appliedOn === values.appliedOn &&
        row.result === values.result;
      if (!same) throw conflict(`reference ${reference} was already used by ${unitId} for a different report`);
      ctx.audit.note('MEASURE_FEEDBACK', [row.subjectId], 'MUTATION');
      return row;
    },

    /** All dues across one list's active members, for the credit office's overview. */
    async compliance(
      ctx: PolicyScope,
      list: string,
      unit: string | null | undefined,
      applied: boolean | null | undefined,
    ): Promise<MeasureDue[]> {
      if (!can(ctx.principal, 'overseeMeasures')) throw forbidden('only the credit office oversees measure feedback');
      const memberships = await activeOfList(list);
      const dues = duesOf(memberships, await feedbackFor(memberships.map((row) => row.id)), unit ?? undefined);
      return applied == null ? dues : dues.filter((due) => due.applied === applied);
    },

    async summary(ctx: PolicyScope, list: string | null | undefined) {
      if (!can(ctx.principal, 'overseeMeasures')) throw forbidden('only the credit office oversees measure feedback');
      const memberships = await activeOfList(list ?? undefined);
      const dues = duesOf(memberships, await feedbackFor(memberships.map((row) => row.id)), undefined);
      const counts = new Map<
        string,
        { measure: Measure; unitId: string; due: number; applied: number; notApplied: number; pending: number }
      >();
      for (const due of dues) {
        const key = `${due.measure.code}|${due.unitId}`;
        const entry = counts.get(key) ?? { measure: due.measure, unitId: due.unitId, due: 0, applied: 0, notApplied: 0, pending: 0 };
        entry.due += 1;
        if (due.applied) entry.applied += 1;
        else if (due.feedback.length) entry.notApplied += 1;
        else entry.pending += 1;
        counts.set(key, entry);
      }
      return [...counts.values()];
    },
  };
}

export type MeasureStore = ReturnType<typeof createMeasureStore>;
