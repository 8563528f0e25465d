import { groupBy } from '../kit/loaders.js';
import { chinaToday } from '../kit/time.js';
import type { MembershipStore } from './membership-store.js';
import type { RecordFactStore } from './record-fact-store.js';
import { deriveSupervision, type SupervisionLevel } from './rules.js';

/** 差别化监管 as of now: the level rules.ts derives from a subject's active lists and the negative records counting today. */

export interface Supervision {
  subjectId: string;
  level: SupervisionLevel;
  reason: string;
  inspection: string;
  assessedAt: Date;
}

/** The level of each subject as of now: two statements for any number of subjects. Callers check the field policy. */
export async function supervisionOf(
  data: { memberships: MembershipStore; facts: RecordFactStore },
  subjectIds: readonly string[],
  today = chinaToday(),
): Promise<Supervision[]> {
  const ids = [...subjectIds];
  const lists = await data.memberships.activeListsOf(ids, today);
  const negatives = await data.facts.negativesCounting(ids, today);
  const listsOf = groupBy(lists, (row) => row.subjectId);
  const negativesOf = new Map(negatives.map((row) => [row.subjectId, Number(row.n)]));
  const assessedAt = new Date();
  return ids.map((subjectId) => ({
    subjectId,
    ...deriveSupervision(
      (listsOf.get(subjectId) ?? []).map((row) => row.list),
      negativesOf.get(subjectId) ?? 0,
    ),
    assessedAt,
  }));
}
