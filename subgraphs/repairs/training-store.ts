import { and, asc, count, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { trainingEnrolments, trainingSessions, type TrainingEnrolmentRow, type TrainingSessionRow } from './tables.js';

/** An enrolment with its session, as every enrolment is shown (the session is in hand wherever one is read or written). */
export type EnrolmentWithSession = TrainingEnrolmentRow & { session: TrainingSessionRow };

/** The SQL of repair training: sessions, seats, enrolments and attendance. */
export function createTrainingStore(db: Db) {
  return {
    async insertSession(values: typeof trainingSessions.$inferInsert): Promise<TrainingSessionRow> {
      const [row] = await db.insert(trainingSessions).values(values).returning();
      return row!;
    },

    async sessionById(id: string): Promise<TrainingSessionRow | null> {
      const [row] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id));
      return row ?? null;
    },

    async sessionsByIds(ids: readonly string[]) {
      return db
        .select()
        .from(trainingSessions)
        .where(inArray(trainingSessions.id, [...ids]));
    },

    /** Sessions held on `day` or later, soonest first. */
    async sessionsFrom(day: string) {
      return db.select().from(trainingSessions).where(gte(trainingSessions.heldOn, day)).orderBy(asc(trainingSessions.heldOn));
    },

    async seatsTaken(sessionIds: readonly string[]) {
      return db
        .select({ sessionId: trainingEnrolments.sessionId, taken: count() })
        .from(trainingEnrolments)
        .where(inArray(trainingEnrolments.sessionId, [...sessionIds]))
        .groupBy(trainingEnrolments.sessionId);
    },

    /**
     * Enrols the subject with the session locked, so two enrolments cannot both take its last seat: `admit`
     * (the caller's rule) sees the session and the seats taken under the lock and throws to refuse.
     */
    async enrol(
      sessionId: string,
      subjectId: string,
      admit: (session: TrainingSessionRow, taken: number) => void,
    ): Promise<{ missing: true } | { already: true } | { row: EnrolmentWithSession }> {
      return db.transaction(async (tx) => {
        const [session] = await tx.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId)).for('update');
        if (!session) return { missing: true } as const;
        const [taken] = await tx.select({ n: count() }).from(trainingEnrolments).where(eq(trainingEnrolments.sessionId, session.id));
        admit(session, Number(taken?.n ?? 0));
        const [row] = await tx.insert(trainingEnrolments).values({ sessionId: session.id, subjectId }).onConflictDoNothing().returning();
        return row ? { row: { ...row, session } } : ({ already: true } as const);
      });
    },

    async recordAttendance(
      sessionId: string,
      subjectId: string,
      attended: boolean,
      recordedBy: string,
    ): Promise<TrainingEnrolmentRow | null> {
      const [row] = await db
        .update(trainingEnrolments)
        .set({ attended, recordedBy })
        .where(and(eq(trainingEnrolments.sessionId, sessionId), eq(trainingEnrolments.subjectId, subjectId)))
        .returning();
      return row ?? null;
    },

    /** Each subject's enrolments with their sessions, in one statement for a whole page of subjects. */
    async enrolmentsOf(subjectIds: readonly string[]): Promise<EnrolmentWithSession[]> {
      const rows = await db
        .select()
        .from(trainingEnrolments)
        .innerJoin(trainingSessions, eq(trainingSessions.id, trainingEnrolments.sessionId))
        .where(inArray(trainingEnrolments.subjectId, [...subjectIds]))
        .orderBy(asc(trainingSessions.heldOn));
      return rows.map((row) => ({ ...row.training_enrolments, session: row.training_sessions }));
    },

    /** Whether the subject's attendance of the session is recorded, counting only a session held on `heldBy` or before. */
    async attended(subjectId: string, sessionId: string, heldBy: string): Promise<boolean> {
      const [row] = await db
        .select({ attended: trainingEnrolments.attended })
        .from(trainingEnrolments)
        .innerJoin(trainingSessions, eq(trainingSessions.id, trainingEnrolments.sessionId))
        .where(
          and(
            eq(trainingEnrolments.sessionId, sessionId),
            eq(trainingEnrolments.subjectId, subjectId),
            lte(trainingSessions.heldOn, heldBy),
          ),
        );
      return row?.attended === true;
    },
  };
}

export type TrainingStore = ReturnType<typeof createTrainingStore>;
