import { can } from '../kit/access.js';
import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { Tx } from '../kit/events.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import type { Message } from '../kit/messages.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { DirectoryStore } from './directory-store.js';
import type { ListEntryInput } from './generated/graphql.js';
import { INCENTIVES_MESSAGES as M } from './messages.js';
import { LAPSED_REASON, RED_GIVES_WAY_TO_JOINT_PUNISHMENT } from './membership-plan.js';
import {
  applyPlan,
  heldMemberships,
  insertManualEntry,
  lockMemberships,
  membershipIn,
  type HeldMembership,
  type MembershipPlan,
  type MembershipStore,
} from './membership-store.js';
import { DEFAULT_POINTS_RULES, SEVERITIES } from './points.js';
import type { PointsStore } from './points-store.js';
import { factsOfSubjects, type RecordFactStore } from './record-fact-store.js';
import { countsAgainst } from './rules.js';
import type { ListMembershipRow, PointsRuleRow } from './tables.js';

/** The credit office's hand on the lists and the points table: every change has a reason and is audited. */

const MAX_POINTS = 1000;

/**
 * The red list's barriers, for an entry by hand: an active joint-punishment membership (supervision level
 * D), or a serious negative record that counts today. Refused with CONFLICT, naming what blocks it.
 */
async function refuseRedIfBarred(tx: Tx, subjectId: string, jointPunishment: HeldMembership | undefined, today: string): Promise<void> {
  if (jointPunishment) {
    throw conflict(M.INCENTIVES_RED_BARRED_BY_JOINT_PUNISHMENT({ membershipId: jointPunishment.id, since: jointPunishment.since }), {
      blockedBy: { membershipId: jointPunishment.id, list: 'JOINT_PUNISHMENT' },
    });
  }
  const facts = await factsOfSubjects(tx, [subjectId]);
  const serious = facts.find((f) => f.severity === 'SERIOUS' && countsAgainst(f, today));
  if (serious) {
    const { category, categoryLabel, recordId, decisionDate } = serious;
    throw conflict(M.INCENTIVES_RED_BARRED_BY_SERIOUS_DISHONESTY({ category, categoryLabel, recordId, decisionDate }), {
      blockedBy: { recordId },
    });
  }
}

function requireCreditOffice(
  ctx: PolicyScope,
  refusal: Message,
  capability: 'administerLists' | 'setPointsRules' = 'administerLists',
): void {
  if (!can(ctx.principal, capability)) throw forbidden(refusal);
}

/**
 * 手工列入. One membership per subject and list: a subject already on the list (by rule or by hand) is not
 * put on it twice. The red list obeys the same rules as its entry rule: nobody on the joint-punishment
 * list (level D) or with serious dishonesty counting becomes 诚信典型; and a joint-punishment entry ends
 * an existing red-list membership, with the reason. A refusal changes nothing.
 */
export async function addListEntry(
  ctx: PolicyScope,
  data: { memberships: MembershipStore; directory: DirectoryStore },
  input: ListEntryInput,
): Promise<ListMembershipRow> {
  requireCreditOffice(ctx, M.INCENTIVES_LIST_ENTRY_CREDIT_OFFICE_ONLY());
  const reason = input.reason.trim();
  if (!reason) throw badInput('input.reason', M.INCENTIVES_ENTRY_REASON_EMPTY());
  const today = chinaToday();
  if (input.until != null && (!isRealDate(input.until) || input.until < today))
    throw badInput('input.until', M.INCENTIVES_UNTIL_FROM_TODAY({ today, got: input.until }));
  const [subject] = await data.directory.subjectFacts([input.subject]);
  if (!subject) throw badInput('input.subject', M.INCENTIVES_SUBJECT_UNKNOWN());
  const row = await data.memberships.transaction(async (tx) => {
    await lockMemberships(tx);
    const held = await heldMemberships(tx, [input.subject]);
    const lapsed = held.filter((h) => !h.endedAt && h.until !== null && h.until < today);
    const open = new Map(held.filter((h) => !h.endedAt && !lapsed.includes(h)).map((h) => [h.list, h]));
    const same = open.get(input.list);
    if (same) {
      if (same.origin === 'MANUAL') {
        const current = await membershipIn(tx, same.id);
        if (current!.reason === reason && current!.until === (input.until ?? null)) return current!; // a retry
      }
      throw conflict(
        M.INCENTIVES_ALREADY_ON_LIST({ list: input.list, membershipId: same.id, since: same.since, byHand: same.origin === 'MANUAL' }),
        {
          blockedBy: { membershipId: same.id, list: input.list },
        },
      );
    }
    if (input.list === 'RED') await refuseRedIfBarred(tx, input.subject, open.get('JOINT_PUNISHMENT'), today);
    const plan: MembershipPlan = {
      end: lapsed.map((h) => ({ id: h.id, reason: LAPSED_REASON })),
      lift: [],
      attach: [],
      redate: [],
      insert: [],
    };
    // Level D from today: 诚信典型 gives way, whoever put the subject there.
    const red = open.get('RED');
    if (input.list === 'JOINT_PUNISHMENT' && red) plan.end.push({ id: red.id, reason: RED_GIVES_WAY_TO_JOINT_PUNISHMENT });
    await applyPlan(tx, plan);
    return insertManualEntry(tx, {
      subjectId: input.subject,
      list: input.list,
      reason,
      since: today,
      until: input.until ?? null,
      addedBy: describePrincipal(ctx.principal),
    });
  });
  ctx.audit.note('LIST_MEMBERSHIP', [row.subjectId], 'MUTATION');
  return row;
}

export async function endListMembership(
  ctx: PolicyScope,
  data: { memberships: MembershipStore },
  id: string,
  reasonText: string,
): Promise<ListMembershipRow> {
  requireCreditOffice(ctx, M.INCENTIVES_LIST_END_CREDIT_OFFICE_ONLY());
  const reason = reasonText.trim();
  if (!reason) throw badInput('reason', M.INCENTIVES_END_REASON_EMPTY());
  const uuid = asUuid(id);
  if (!uuid) throw badInput('id', M.INCENTIVES_MEMBERSHIP_ID_INVALID());
  const row = await data.memberships.membership(uuid);
  if (!row) throw notFound(M.INCENTIVES_MEMBERSHIP_NOT_FOUND({ id }));
  if (row.endedAt) return row; // a retry, or ended already: the first ending stands
  const ended = await data.memberships.endByHand(uuid, reason, describePrincipal(ctx.principal));
  ctx.audit.note('LIST_MEMBERSHIP', [row.subjectId], 'MUTATION');
  return ended;
}

/** Honest-conduct and honour categories: the installed table's and any seen in records. */
async function positiveCategories(facts: RecordFactStore): Promise<string[]> {
  const seen = await facts.positiveCategories();
  return [...Object.keys(DEFAULT_POINTS_RULES).filter((basis) => !basis.startsWith('NEGATIVE_')), ...seen];
}

export async function setPointsRule(
  ctx: PolicyScope,
  data: { points: PointsStore; facts: RecordFactStore },
  basis: string,
  points: number,
): Promise<PointsRuleRow> {
  requireCreditOffice(ctx, M.INCENTIVES_POINTS_TABLE_CREDIT_OFFICE_ONLY(), 'setPointsRules');
  const valid = [...(await positiveCategories(data.facts)), ...SEVERITIES.map((s) => `NEGATIVE_${s}`)];
  if (!valid.includes(basis)) throw badInput('basis', M.INCENTIVES_POINTS_BASIS_UNKNOWN());
  if (!Number.isInteger(points) || Math.abs(points) > MAX_POINTS)
    throw badInput('points', M.INCENTIVES_POINTS_OUT_OF_RANGE({ max: MAX_POINTS, got: points }));
  if (basis.startsWith('NEGATIVE_') ? points > 0 : points < 0)
    throw badInput(
      'points',
      basis.startsWith('NEGATIVE_') ? M.INCENTIVES_DISHONESTY_CANNOT_ADD_POINTS() : M.INCENTIVES_HONESTY_CANNOT_SUBTRACT_POINTS(),
    );
  const row = await data.points.setRule({ basis, points, updatedAt: new Date(), updatedBy: describePrincipal(ctx.principal) });
  ctx.audit.note('CREDIT_POINTS', [], 'MUTATION');
  return row;
}
