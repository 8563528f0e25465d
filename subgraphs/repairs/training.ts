import { and, asc, count, eq, gte, inArray, lte } from 'drizzle-orm';
import { describePrincipal } from '../kit/audit.js';
import type { Db } from '../kit/db.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import { trainingEnrolments, trainingSessions, type TrainingEnrolmentRow } from './tables.js';
import { can, ownSubject } from '../kit/access.js';

/** Severities whose repair requires attended training (the credit office's rule; data). */
export const TRAINING_REQUIRED_FOR: ReadonlySet<string> = new Set(['SERIOUS']);

const requireOffice = (ctx: PolicyScope) => {
  if (!can(ctx.principal, 'runTraining')) throw forbidden('training sessions are run by the credit office');
};

/** 信用修复培训: sessions, enrolment by subjects, attendance recorded by the credit office. */
export function createTraining(db: Db) {
  return {
    async schedule(ctx: PolicyScope, input: { title: string; heldOn: string; place: string; capacity: number }) {
      requireOffice(ctx);
      if (!input.title.trim()) throw badInput('input.title', 'is empty');
      if (!isRealDate(input.heldOn) || input.heldOn < chinaToday())
        throw badInput('input.heldOn', `${input.heldOn} must be a real date, today or later`);
      if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)
        throw badInput('input.capacity', 'must be a whole number from 1 to 1000');
      const [row] = await db
        .insert(trainingSessions)
        .values({
          title: input.title.trim(),
          heldOn: input.heldOn,
          place: input.place.trim(),
          capacity: input.capacity,
          createdBy: describePrincipal(ctx.principal),
        })
        .returning();
      return row!;
    },

    async sessionsByIds(ids: readonly string[]) {
      return db
        .select()
        .from(trainingSessions)
        .where(inArray(trainingSessions.id, [...ids]));
    },

    async upcoming() {
      return db.select().from(trainingSessions).where(gte(trainingSessions.heldOn, chinaToday())).orderBy(asc(trainingSessions.heldOn));
    },

    async seatsTaken(sessionIds: readonly string[]) {
      return db
        .select({ sessionId: trainingEnrolments.sessionId, taken: count() })
        .from(trainingEnrolments)
        .where(inArray(trainingEnrolments.sessionId, [...sessionIds]))
        .groupBy(trainingEnrolments.sessionId);
    },

    /** A subject enrols itself; a full session or a repeated enrolment is refused. */
    async enrol(ctx: PolicyScope, sessionId: string) {
      const subjectId = can(ctx.principal, 'enrolInTraining') ? ownSubject(ctx.principal) : undefined;
      if (!subjectId) throw forbidden('subjects enrol themselves in repair training');
      const id = asUuid(sessionId);
      return db.transaction(async (tx) => {
        const [session] = id ? await tx.select().from(trainingSessions).where(eq(trainingSessions.id, id)).for('update') : [];
        if (!session) throw notFound(`training session ${sessionId}`);
        if (session.heldOn < chinaToday()) throw badInput('sessionId', 'this session has already taken place');
        const [taken] = await tx.select({ n: count() }).from(trainingEnrolments).where(eq(trainingEnrolments.sessionId, session.id));
        if (Number(taken?.n ?? 0) >= session.capacity) throw conflict('this session is full: choose another');
        const [row] = await tx.insert(trainingEnrolments).values({ sessionId: session.id, subjectId }).onConflictDoNothing().returning();
        if (!row) throw conflict('already enrolled in this session');
        ctx.audit.note('REPAIR_CASE', [subjectId], 'MUTATION');
        return row;
      });
    },

    /** Attendance is a fact about a session that took place: refused before its day (China time), nothing stored. */
    async recordAttendance(ctx: PolicyScope, sessionId: string, subjectId: string, attended: boolean) {
      requireOffice(ctx);
      const id = asUuid(sessionId);
      const [session] = id ? await db.select().from(trainingSessions).where(eq(trainingSessions.id, id)) : [];
      if (!session) throw notFound(`training session ${sessionId}`);
      const today = chinaToday();
      if (session.heldOn > today) {
        throw conflict(
          `该培训场次定于${session.heldOn}举行，尚未举行，不能登记出勤；请在培训结束后登记（the session has not taken place yet）`,
        );
      }
      const [row] = id
        ? await db
            .update(trainingEnrolments)
            .set({ attended, recordedBy: describePrincipal(ctx.principal) })
            .where(and(eq(trainingEnrolments.sessionId, id), eq(trainingEnrolments.subjectId, subjectId)))
            .returning()
        : [];
      if (!row) throw notFound(`enrolment of ${subjectId} in session ${sessionId}`);
      ctx.audit.note('REPAIR_CASE', [subjectId], 'MUTATION');
      return row;
    },

    /** Each subject's enrolments with their sessions, in one statement for a whole page of subjects. */
    async enrolmentsOf(
      subjectIds: readonly string[],
    ): Promise<(TrainingEnrolmentRow & { session: typeof trainingSessions.$inferSelect })[]> {
      const rows = await db
        .select()
        .from(trainingEnrolments)
        .innerJoin(trainingSessions, eq(trainingSessions.id, trainingEnrolments.sessionId))
        .where(inArray(trainingEnrolments.subjectId, [...subjectIds]))
        .orderBy(asc(trainingSessions.heldOn));
      return rows.map((row) => ({ ...row.training_enrolments, session: row.training_sessions }));
    },

    /** Attended a session that has taken place: attendance recorded for a later day (before this rule) does not count. */
    async attended(subjectId: string, sessionId: string): Promise<boolean> {
      const id = asUuid(sessionId);
      if (!id) return false;
      const [row] = await db
        .select({ attended: trainingEnrolments.attended })
        .from(trainingEnrolments)
        .innerJoin(trainingSessions, eq(trainingSessions.id, trainingEnrolments.sessionId))
        .where(
          and(
            eq(trainingEnrolments.sessionId, id),
            eq(trainingEnrolments.subjectId, subjectId),
            lte(trainingSessions.heldOn, chinaToday()),
          ),
        );
      return row?.attended === true;
    },
  };
}

export type Training = ReturnType<typeof createTraining>;
