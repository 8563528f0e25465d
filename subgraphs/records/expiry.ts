import { sql, type SQL } from 'drizzle-orm';
import { isNegativeKind, NEGATIVE_KINDS } from './catalogue.js';
import { shownStatus } from './deferral.js';
import { DISCLOSURE_RULES, effectUntil, type RecordStatus } from './disclosure.js';
import { creditRecords as r } from './tables.js';
import type { RecordKind, Severity } from './catalogue.js';

/**
 * 公示期满 (EXPIRED): a negative record whose period has ended — its public display (`publicUntil`), or,
 * for a record that was never published (a natural person's, a minor one under 国家发展改革委令第36号), the
 * maximum period of the disclosure rule in force on its decision date, the same day its consequences end
 * (`effectUntil`) — reads EXPIRED from the next day (China time).
 *
 * Computed when read, never stored: the stored status stays what the workflows set (ACTIVE), so nothing has
 * to run at midnight for records' own reads, a record is EXPIRED in `status`, in filters and in statistics at
 * the same moment, and the workflows (repair, objection, correction) keep reading the state they wrote.
 * The other subgraphs learn it from records' log: the hourly sweep (sweep-store.ts) publishes `record.changed`
 * with the shown status — EXPIRED, or ACTIVE once a deferral has ended — once per record and write, so
 * repairs refuses to repair an expired record and counts a record out of its deferral as ACTIVE. Incentives
 * ends lists and supervision levels on the same day by `effectUntil` without waiting for it, and takes
 * EXPIRED as an effective status whose effect has ended (its points stay booked).
 * Only ACTIVE expires: DEFERRED, EXEMPTED, REPAIRED and WITHDRAWN say more than the date does, and a DISPUTED
 * record stays marked while its objection is open (once resolved back to ACTIVE, it reads EXPIRED).
 */
export const EXPIRING_STATUS = 'ACTIVE';

interface Expirable {
  status: RecordStatus;
  kind: RecordKind;
  severity: Severity | null;
  decisionDate: string;
  publicUntil: string | null;
}

/** Last day of a record's period (display, or the rule's maximum when never displayed); null for positive records. */
export function periodEnd(row: Omit<Expirable, 'status'>): string | null {
  if (!isNegativeKind(row.kind)) return null;
  return row.publicUntil ?? effectUntil(row.kind, row.severity ?? null, row.decisionDate);
}

/**
 * The status a record reads as on `today`: a DEFERRED record whose deferral has ended is ACTIVE (deferral.ts,
 * shownStatus), and an ACTIVE negative record whose period has ended is EXPIRED.
 */
export function statusOn(row: Expirable & { deferredUntil: string | null }, today: string): RecordStatus {
  const shown = shownStatus(row, today);
  if (shown !== EXPIRING_STATUS) return shown;
  const end = periodEnd(row);
  return end !== null && end < today ? 'EXPIRED' : shown;
}

/** The rule's maximum period end in SQL, the same computation as effectUntil() (months clamp alike in both). */
function ruleEndSql(): SQL {
  const newestFirst = [...DISCLOSURE_RULES].reverse();
  const severity = sql`coalesce(${r.severity}, 'GENERAL')`;
  const months = (rule: (typeof DISCLOSURE_RULES)[number]) =>
    sql`case ${severity} ${sql.join(
      (['MINOR', 'GENERAL', 'SERIOUS'] as const).map((s) => sql.raw(`when '${s}' then ${Number(rule.periods[s].maxMonths)}`)),
      sql` `,
    )} end`;
  const branches = newestFirst.slice(0, -1).map((rule) => sql`when ${r.decisionDate} >= ${rule.effectiveFrom}::date then ${months(rule)}`);
  const monthsSql = sql`case ${sql.join(branches, sql` `)} else ${months(newestFirst.at(-1)!)} end`;
  return sql`((${r.decisionDate} + make_interval(months => ${monthsSql}))::date - 1)`;
}

/**
 * statusOn() as a SQL expression over credit_records, for filters and statistics (record-store.ts) and the
 * sweep (sweep-store.ts). The one SQL fragment outside a store, on purpose: it is the status rule itself, kept
 * beside statusOn() so that the two say the same thing.
 */
export function statusSql(today: string): SQL {
  const negative = sql.join(
    NEGATIVE_KINDS.map((kind) => sql`${kind}`),
    sql`, `,
  );
  // shownStatus(): a deferral whose last day has come reads ACTIVE.
  const shown = sql`(case when ${r.status} = 'DEFERRED' and ${r.deferredUntil} <= ${today}::date then ${EXPIRING_STATUS} else ${r.status} end)`;
  return sql`(case when ${shown} = ${EXPIRING_STATUS} and ${r.kind} in (${negative}) and coalesce(${r.publicUntil}, ${ruleEndSql()}) < ${today}::date then 'EXPIRED' else ${shown} end)`;
}
