import { can, isInstitution, unitActedFor } from '../kit/access.js';
import { badInput, conflict, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { groupBy } from '../kit/loaders.js';
import { decodeCursor, encodeCursor, pageSize } from '../kit/pagination.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { MeasureFeedbackInput } from './generated/graphql.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { INCENTIVES_MESSAGES as M } from './messages.js';
import { MEASURES, measureByCode, measuresOf, type Measure } from './measure-catalogue.js';
import type { MeasureStore } from './measure-store.js';
import { PUBLIC_LISTS } from './policy.js';
import type { ListMembershipRow, MeasureFeedbackRow } from './tables.js';

/** 联合奖惩 in practice: what each unit must apply, what it reported back, what the credit office sees of both. */

export interface MeasureDue {
  measure: Measure;
  unitId: string;
  subjectId: string;
  membership: ListMembershipRow;
  applied: boolean;
  feedback: MeasureFeedbackRow[];
}

/** Per measure and unit: how many applications are due, applied, reported not applied and not yet reported. */
export interface ComplianceCount {
  measure: Measure;
  unitId: string;
  due: number;
  applied: number;
  notApplied: number;
  pending: number;
}

type Data = { measures: MeasureStore };

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

async function duesAcross(store: MeasureStore, memberships: ListMembershipRow[], unitId: string | undefined): Promise<MeasureDue[]> {
  return duesOf(memberships, await store.feedbackFor(memberships.map((row) => row.id)), unitId);
}

/** Offset cursors: the overview is computed whole, then paged. */
function offsetPage<T>(items: T[], first: number | null | undefined, after: string | null | undefined) {
  const size = pageSize(first, 'first', 50);
  const key = decodeCursor(after);
  const start = key === undefined ? 0 : Number(key);
  if (!Number.isInteger(start) || start < 0) throw badInput('after', KIT_MESSAGES.CURSOR_INVALID());
  const edges = items.slice(start, start + size).map((node, i) => ({ node, cursor: encodeCursor(String(start + i + 1)) }));
  return {
    edges,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The catalogue, of one list or all. */
export function catalogue(list: string | null | undefined): Measure[] {
  return MEASURES.filter((measure) => !list || measure.list === list);
}

export async function measuresFor(ctx: PolicyScope, data: Data, subjectId: string, unit: string | null | undefined): Promise<MeasureDue[]> {
  const { principal } = ctx;
  if (!can(principal, 'applyMeasures')) throw forbidden(M.INCENTIVES_MEASURES_FOR_UNITS_ONLY());
  const acted = unitActedFor(principal, unit);
  if ('refused' in acted) throw forbidden(M.INCENTIVES_MEASURES_OWN_UNIT_ONLY());
  const unitId = acted.unitId ?? undefined;
  const institution = isInstitution(principal);
  if (institution && isPersonSubjectId(subjectId)) throw forbidden(M.INCENTIVES_NO_PERSONS_FOR_INSTITUTIONS());
  const memberships = await data.measures.activeOfSubject(subjectId, institution ? PUBLIC_LISTS : undefined, chinaToday());
  const dues = await duesAcross(data.measures, memberships, unitId);
  ctx.audit.note('LIST_MEMBERSHIP', dues.length ? [subjectId] : []);
  return dues;
}

export async function reportMeasureFeedback(ctx: PolicyScope, data: Data, input: MeasureFeedbackInput): Promise<MeasureFeedbackRow> {
  const { principal } = ctx;
  if (!can(principal, 'applyMeasures') || !principal.unitId) throw forbidden(M.INCENTIVES_FEEDBACK_BY_APPLYING_UNIT());
  const unitId = principal.unitId;
  const measure = measureByCode(input.measure);
  if (!measure) throw badInput('input.measure', M.INCENTIVES_MEASURE_UNKNOWN({ codes: MEASURES.map((x) => x.code) }));
  if (!measure.units.includes(unitId))
    throw badInput('input.measure', M.INCENTIVES_MEASURE_NOT_OF_UNIT({ unit: unitId, units: measure.units }));
  const membershipId = asUuid(input.membership);
  const named = membershipId ? await data.measures.membership(membershipId) : undefined;
  // A duplicate merged by the 0007 migration: the report belongs to the membership it was merged into.
  const membership = named?.mergedInto ? await data.measures.membership(named.mergedInto) : named;
  if (!membership || membership.subjectId !== input.subject) throw badInput('input.membership', M.INCENTIVES_MEMBERSHIP_NOT_OF_SUBJECT());
  if (membership.list !== measure.list)
    throw badInput('input.membership', M.INCENTIVES_MEMBERSHIP_WRONG_LIST({ list: membership.list, measureList: measure.list }));
  if (!isRealDate(input.appliedOn)) throw badInput('input.appliedOn', KIT_MESSAGES.DATE_INVALID({ value: input.appliedOn }));
  if (input.appliedOn > chinaToday()) throw badInput('input.appliedOn', M.INCENTIVES_APPLIED_ON_FUTURE());
  if (input.appliedOn < membership.since)
    throw badInput('input.appliedOn', M.INCENTIVES_APPLIED_BEFORE_MEMBERSHIP({ since: membership.since }));
  const result = input.result.trim();
  if (!result || result.length > 2000) throw badInput('input.result', M.INCENTIVES_RESULT_LENGTH({ max: 2000, got: result.length }));
  const reference = input.reference.trim();
  if (!reference || reference.length > 100)
    throw badInput('input.reference', M.INCENTIVES_REFERENCE_LENGTH({ max: 100, got: reference.length }));
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
  const row = await data.measures.storeFeedback(values);
  const same =
    row.subjectId === values.subjectId &&
    row.measure === values.measure &&
    row.membershipId === values.membershipId &&
    row.outcome === values.outcome &&
    row.appliedOn === values.appliedOn &&
    row.result === values.result;
  if (!same) throw conflict(M.INCENTIVES_FEEDBACK_REFERENCE_USED({ reference, unit: unitId }));
  ctx.audit.note('MEASURE_FEEDBACK', [row.subjectId], 'MUTATION');
  return row;
}

/** All dues across one list's active members, for the credit office's overview, a page at a time. */
export async function measureCompliance(
  ctx: PolicyScope,
  data: Data,
  args: { list: string; unit?: string | null; applied?: boolean | null; first?: number | null; after?: string | null },
) {
  if (!can(ctx.principal, 'overseeMeasures')) throw forbidden(M.INCENTIVES_OVERSIGHT_CREDIT_OFFICE_ONLY());
  const memberships = await data.measures.activeOfList(args.list, chinaToday());
  const dues = await duesAcross(data.measures, memberships, args.unit ?? undefined);
  const shown = args.applied == null ? dues : dues.filter((due) => due.applied === args.applied);
  return offsetPage(shown, args.first, args.after);
}

export async function measureComplianceSummary(ctx: PolicyScope, data: Data, list: string | null | undefined): Promise<ComplianceCount[]> {
  if (!can(ctx.principal, 'overseeMeasures')) throw forbidden(M.INCENTIVES_OVERSIGHT_CREDIT_OFFICE_ONLY());
  const memberships = await data.measures.activeOfList(list ?? undefined, chinaToday());
  const dues = await duesAcross(data.measures, memberships, undefined);
  const counts = new Map<string, ComplianceCount>();
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
}
