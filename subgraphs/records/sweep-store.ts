import { and, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish } from '../kit/events.js';
import { chinaToday } from '../kit/time.js';
import type { RecordStatus } from './disclosure.js';
import { statusSql } from './expiry.js';
import { recordChangedEvent } from './record-events.js';
import { creditRecords as r, recordAnnouncements as a, recordsOutbox } from './tables.js';

/** The stored statuses whose shown status the date alone changes: ACTIVE → EXPIRED, DEFERRED → ACTIVE (or EXPIRED). */
const DATED_STATUSES: RecordStatus[] = ['ACTIVE', 'DEFERRED'];

/**
 * 公示期满 and the end of a deferral, told to the other subgraphs. Records reads both from the date
 * (expiry.ts statusOn); its log would otherwise keep saying ACTIVE or DEFERRED, and repairs and incentives
 * keep what the log says. The sweep (records' hourly housekeeping, and once at start) publishes
 * `record.changed` with the shown status for every record whose shown status differs from its stored one
 * and has not yet been announced for the row as it stands, and notes the announcement (record_announcements)
 * in the same transaction.
 *
 * Idempotent: a second run finds nothing. A record written since its announcement (a correction, an objection
 * resolved) published its stored status with the write, so it is announced again. One sweep at a time
 * (advisory lock), batches of `batch` records a transaction; the rows are locked while announced, so a
 * write waits for the announcement and then stales it. Returns how many records were announced.
 */
export async function announceShownStatuses(db: Db, today: string = chinaToday(), batch = 500): Promise<number> {
  const shown = statusSql(today);
  const due = and(
    inArray(r.status, DATED_STATUSES),
    sql`${shown} <> ${r.status}`,
    // Not yet announced with this status for the row as it stands.
    sql`not exists (select 1 from ${a} where ${a.recordId} = ${r.id} and ${a.status} = ${shown} and ${a.recordUpdatedAt} = ${r.updatedAt})`,
  );
  let announced = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('records-announce-shown-status'))`);
      const rows = await tx
        .select({ record: r, shown: sql<RecordStatus>`${shown}` })
        .from(r)
        .where(due)
        .orderBy(r.id)
        .limit(batch)
        .for('update');
      if (!rows.length) return 0;
      // The same payload as every record event, with the status a reader of records is shown today.
      await publish(
        tx,
        recordsOutbox,
        rows.map(({ record, shown }) => recordChangedEvent({ ...record, status: shown })),
      );
      // updated_at copied in SQL, not through JavaScript's milliseconds, so the marker matches the row exactly.
      const ids = sql.join(
        rows.map(({ record }) => sql`${record.id}::uuid`),
        sql`, `,
      );
      await tx.execute(sql`
        insert into ${a} (record_id, status, record_updated_at)
        select ${r.id}, ${shown}, ${r.updatedAt} from ${r} where ${r.id} in (${ids})
        on conflict (record_id) do update set status = excluded.status, record_updated_at = excluded.record_updated_at, announced_at = excluded.announced_at`);
      return rows.length;
    });
    announced += count;
    if (count < batch) return announced;
  }
}
