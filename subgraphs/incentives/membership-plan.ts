import type { HeldMembership, MembershipPlan } from './membership-store.js';
import { countsAgainst, desiredMemberships, liftReason, membershipKey, type RecordFact } from './rules.js';

/**
 * One membership per subject and list (issue 14): a membership carries every record that causes it, each
 * cause lifted on its own (repaired, withdrawn, expired…), and ends only when the last one is lifted or its
 * planned end passes. This module decides; consequences.ts reads and writes (membership-store.ts). No SQL here.
 */

/** A membership whose planned end passed: ended explicitly, so a later cause opens a new one. */
export const LAPSED_REASON = '列入期限届满，移出名单';
/** A negative record's period (公示期) ended: its consequences end as a repair's do, with the reason. */
export const EXPIRED_REASON = '失信信息公示期满，移出名单';
/** The red list's two years after an honour (or aid to Hubei) ended. */
export const RED_LAPSED_REASON = '诚信典型列入期限届满，移出名单';

const lapseReason = (membership: { origin: string; list: string }): string =>
  membership.origin === 'MANUAL' ? LAPSED_REASON : membership.list === 'RED' ? RED_LAPSED_REASON : EXPIRED_REASON;
/** 诚信典型 gives way to joint punishment (监管等级D), whoever put the subject on the red list. */
export const RED_GIVES_WAY_TO_JOINT_PUNISHMENT = '已列入联合惩戒对象名单（监管等级D），移出诚信典型名单';
export const redGivesWayToSerious = (label: string): string => `存在有效的严重失信记录（${label}），移出诚信典型名单`;

/**
 * What keeps a subject off the red list whatever its origin (rule or by hand): an active joint-punishment
 * membership (level D), or a serious negative record that counts today. Null when nothing does.
 */
export function redListBarrier(jointPunishmentActive: boolean, records: RecordFact[], today: string): string | null {
  if (jointPunishmentActive) return RED_GIVES_WAY_TO_JOINT_PUNISHMENT;
  const serious = records.find((r) => r.severity === 'SERIOUS' && countsAgainst(r, today));
  return serious ? redGivesWayToSerious(serious.categoryLabel) : null;
}

/**
 * The changes one subject's records call for against the memberships it holds (all origins). Rules:
 * - an open membership past its planned end is ended (LAPSED_REASON);
 * - per list, the causes the rules want are attached to the open membership, or open a new one (from the
 *   earliest cause, until the latest); causes no longer wanted are lifted with their reason;
 * - a rule membership without causes ends with the reason of the cause lifted last; a manual one stays
 *   (the credit office's decision), except on the red list when a barrier stands (redListBarrier);
 * - a cause of a membership the credit office ended by hand never comes back on that list.
 */
export function planSubject(
  subjectId: string,
  records: RecordFact[],
  held: HeldMembership[],
  facts: Map<string, RecordFact>,
  today: string,
): MembershipPlan {
  const plan: MembershipPlan = { end: [], lift: [], attach: [], redate: [], insert: [] };
  const everHeld = new Set(held.flatMap((m) => m.causes.map((c) => membershipKey(m.list, c.recordId))));
  const handEnded = new Set(
    held.filter((m) => m.endedAt && m.endedBy !== null).flatMap((m) => m.causes.map((c) => membershipKey(m.list, c.recordId))),
  );
  const open = new Map<string, HeldMembership>();
  for (const m of held) {
    if (m.endedAt) continue;
    if ((m.until !== null && m.until < today) || open.has(m.list)) plan.end.push({ id: m.id, reason: lapseReason(m) });
    else open.set(m.list, m);
  }

  const wants = new Map<string, { recordId: string; since: string; until: string; reason: string }[]>();
  /** Causes the rules still match but whose time is over (period ended, two red-list years passed). */
  const timedOut = new Map<string, string>();
  for (const d of desiredMemberships(records, today)) {
    const key = membershipKey(d.list, d.recordId);
    if (handEnded.has(key)) continue; // ended by hand: the credit office's decision stands against the rule
    const attached = open.get(d.list)?.causes.some((c) => c.recordId === d.recordId) ?? false;
    const since = attached || !everHeld.has(key) ? d.since : today;
    const over = d.list === 'RED' ? RED_LAPSED_REASON : EXPIRED_REASON;
    if (d.until < today) {
      // Its time is over. Never held before (a record first seen after its end, a replay into an empty
      // table): kept as history, an ended membership of its own, as it was; held: lifted with the reason.
      if (!attached && !everHeld.has(key) && d.until >= since) {
        plan.insert.push({ subjectId, list: d.list, reason: d.reason, since, until: d.until, recordIds: [d.recordId], endReason: over });
      }
      timedOut.set(key, over);
      continue;
    }
    wants.set(d.list, [...(wants.get(d.list) ?? []), { recordId: d.recordId, since, until: d.until, reason: d.reason }]);
  }

  const jointPunishment = (wants.get('JOINT_PUNISHMENT')?.length ?? 0) > 0 || open.get('JOINT_PUNISHMENT')?.origin === 'MANUAL';
  const barrier = redListBarrier(jointPunishment, records, today);
  if (barrier) wants.delete('RED');
  // A rule membership of the red list already gives way to any negative record (its own exit reason); the
  // barrier's words are for what the rule alone would not end (a manual entry, a joint punishment by hand).
  const redExit = barrier && !records.some((r) => countsAgainst(r, today)) ? barrier : null;

  const reasonFor = (list: string, recordId: string | undefined) =>
    (recordId && timedOut.get(membershipKey(list, recordId))) || liftReason(list, recordId ? facts.get(recordId) : undefined, subjectId);
  for (const list of new Set([...open.keys(), ...wants.keys()])) {
    const held = open.get(list);
    const wanted = (wants.get(list) ?? []).sort((a, b) => a.since.localeCompare(b.since) || a.recordId.localeCompare(b.recordId));
    if (!held) {
      if (wanted.length) {
        const until = wanted
          .map((w) => w.until)
          .sort()
          .at(-1)!;
        plan.insert.push({
          subjectId,
          list,
          reason: wanted[0]!.reason,
          since: wanted[0]!.since,
          until,
          recordIds: wanted.map((w) => w.recordId),
        });
      }
      continue;
    }
    const wantedIds = new Set(wanted.map((w) => w.recordId));
    for (const w of wanted)
      if (!held.causes.some((c) => c.recordId === w.recordId && !c.liftedAt))
        plan.attach.push({ membershipId: held.id, recordId: w.recordId });
    const lifted = held.causes.filter((c) => !c.liftedAt && !wantedIds.has(c.recordId));
    for (const c of lifted)
      plan.lift.push({
        membershipId: held.id,
        recordId: c.recordId,
        reason: list === 'RED' && redExit ? redExit : reasonFor(list, c.recordId),
      });
    if (held.origin === 'MANUAL') {
      if (list === 'RED' && barrier) plan.end.push({ id: held.id, reason: barrier });
      continue;
    }
    if (!wanted.length) {
      plan.end.push({ id: held.id, reason: list === 'RED' && redExit ? redExit : reasonFor(list, lifted.at(-1)?.recordId) });
      continue;
    }
    const until = wanted
      .map((w) => w.until)
      .sort()
      .at(-1)!;
    if (until !== held.until) plan.redate.push({ id: held.id, until });
  }
  return plan;
}
