import { can } from '../kit/access.js';
import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { Tx } from '../kit/events.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { DirectoryStore } from './directory-store.js';
import type { ListEntryInput } from './generated/graphql.js';
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

const LIST_NAMES: Record<string, string> = {
  RED: '诚信典型（红名单）',
  KEY_ATTENTION: '重点关注名单',
  JOINT_PUNISHMENT: '联合惩戒对象名单',
};

/**
 * The red list's barriers, for an entry by hand: an active joint-punishment membership (supervision level
 * D), or a serious negative record that counts today. Refused with CONFLICT, naming what blocks it.
 */
async function refuseRedIfBarred(tx: Tx, subjectId: string, jointPunishment: HeldMembership | undefined, today: string): Promise<void> {
  if (jointPunishment) {
    throw conflict(
      `该主体已列入联合惩戒对象名单（列入记录 ${jointPunishment.id}，自${jointPunishment.since}起），监管等级为D，不得列入诚信典型（红名单）`,
      {
        reason: 'JOINT_PUNISHMENT',
        blockedBy: { membershipId: jointPunishment.id, list: 'JOINT_PUNISHMENT' },
      },
    );
  }
  const facts = await factsOfSubjects(tx, [subjectId]);
  const serious = facts.find((f) => f.severity === 'SERIOUS' && countsAgainst(f, today));
  if (serious) {
    throw conflict(
      `该主体存在有效的严重失信记录（${serious.categoryLabel}，记录 ${serious.recordId}，${serious.decisionDate}作出），不得列入诚信典型（红名单）`,
      {
        reason: 'SERIOUS_DISHONESTY',
        blockedBy: { recordId: serious.recordId },
      },
    );
  }
}

function requireCreditOffice(ctx: PolicyScope, what: string, capability: 'administerLists' | 'setPointsRules' = 'administerLists'): void {
  if (!can(ctx.principal, capability)) throw forbidden(`only the credit office ${what}`);
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
  requireCreditOffice(ctx, 'adds list entries by hand');
  const reason = input.reason.trim();
  if (!reason) throw badInput('input.reason', 'is empty: say why the subject is put on the list');
  const today = chinaToday();
  if (input.until != null && (!isRealDate(input.until) || input.until < today))
    throw badInput('input.until', `must be a real date from today (${today}) on`);
  const [subject] = await data.directory.subjectFacts([input.subject]);
  if (!subject) throw badInput('input.subject', 'names no subject on the platform');
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
        throw conflict(`该主体已由市信用办手工列入${LIST_NAMES[input.list]}（列入记录 ${same.id}）；如需变更，请先移出`, {
          reason: 'ALREADY_ON_LIST',
          blockedBy: { membershipId: same.id, list: input.list },
        });
      }
      throw conflict(`该主体已因信用记录列入${LIST_NAMES[input.list]}（列入记录 ${same.id}，自${same.since}起），同一名单只列入一次`, {
        reason: 'ALREADY_ON_LIST',
        blockedBy: { membershipId: same.id, list: input.list },
      });
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
  requireCreditOffice(ctx, 'ends list memberships by hand');
  const reason = reasonText.trim();
  if (!reason) throw badInput('reason', 'is empty: say why the membership ends');
  const uuid = asUuid(id);
  if (!uuid) throw badInput('id', 'is not a membership id');
  const row = await data.memberships.membership(uuid);
  if (!row) throw notFound(`list membership ${id}`);
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
  requireCreditOffice(ctx, 'sets the Loucheng points table', 'setPointsRules');
  const valid = [...(await positiveCategories(data.facts)), ...SEVERITIES.map((s) => `NEGATIVE_${s}`)];
  if (!valid.includes(basis))
    throw badInput(
      'basis',
      `must be an honest-conduct or honour category code or one of NEGATIVE_MINOR, NEGATIVE_GENERAL, NEGATIVE_SERIOUS`,
    );
  if (!Number.isInteger(points) || Math.abs(points) > MAX_POINTS)
    throw badInput('points', `must be an integer between -${MAX_POINTS} and ${MAX_POINTS}`);
  if (basis.startsWith('NEGATIVE_') ? points > 0 : points < 0)
    throw badInput('points', basis.startsWith('NEGATIVE_') ? 'dishonesty cannot add points' : 'honest conduct cannot subtract points');
  const row = await data.points.setRule({ basis, points, updatedAt: new Date(), updatedBy: describePrincipal(ctx.principal) });
  ctx.audit.note('CREDIT_POINTS', [], 'MUTATION');
  return row;
}
