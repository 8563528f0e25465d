import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { TrainingSessionInput } from './generated/graphql.js';
import type { EnrolmentWithSession, TrainingStore } from './training-store.js';
import { can, ownSubject } from '../kit/access.js';

/** Severities whose repair requires attended training (the credit office's rule; data). */
export const TRAINING_REQUIRED_FOR: ReadonlySet<string> = new Set(['SERIOUS']);

const requireOffice = (ctx: PolicyScope) => {
  if (!can(ctx.principal, 'runTraining')) throw forbidden('training sessions are run by the credit office');
};

/** 信用修复培训: sessions, enrolment by subjects, attendance recorded by the credit office. */
export function createTraining(store: TrainingStore) {
  return {
    async schedule(ctx: PolicyScope, input: TrainingSessionInput) {
      requireOffice(ctx);
      if (!input.title.trim()) throw badInput('input.title', 'is empty');
      if (!isRealDate(input.heldOn) || input.heldOn < chinaToday())
        throw badInput('input.heldOn', `${input.heldOn} must be a real date, today or later`);
      if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)
        throw badInput('input.capacity', 'must be a whole number from 1 to 1000');
      return store.insertSession({
        title: input.title.trim(),
        heldOn: input.heldOn,
        place: input.place.trim(),
        capacity: input.capacity,
        createdBy: describePrincipal(ctx.principal),
      });
    },

    /** Sessions from today on, soonest first. */
    upcoming: () => store.sessionsFrom(chinaToday()),

    /** A subject enrols itself; a full session or a repeated enrolment is refused. */
    async enrol(ctx: PolicyScope, sessionId: string): Promise<EnrolmentWithSession> {
      const subjectId = can(ctx.principal, 'enrolInTraining') ? ownSubject(ctx.principal) : undefined;
      if (!subjectId) throw forbidden('subjects enrol themselves in repair training');
      const id = asUuid(sessionId);
      const enrolled = id
        ? await store.enrol(id, subjectId, (session, taken) => {
            if (session.heldOn < chinaToday()) throw badInput('sessionId', 'this session has already taken place');
            if (taken >= session.capacity) throw conflict('this session is full: choose another');
          })
        : ({ missing: true } as const);
      if ('missing' in enrolled) throw notFound(`training session ${sessionId}`);
      if ('already' in enrolled) throw conflict('already enrolled in this session');
      ctx.audit.note('REPAIR_CASE', [subjectId], 'MUTATION');
      return enrolled.row;
    },

    /** Attendance is a fact about a session that took place: refused before its day (China time), nothing stored. */
    async recordAttendance(ctx: PolicyScope, sessionId: string, subjectId: string, attended: boolean): Promise<EnrolmentWithSession> {
      requireOffice(ctx);
      const id = asUuid(sessionId);
      const session = id ? await store.sessionById(id) : null;
      if (!session) throw notFound(`training session ${sessionId}`);
      const today = chinaToday();
      if (session.heldOn > today) {
        throw conflict(
          `该培训场次定于${session.heldOn}举行，尚未举行，不能登记出勤；请在培训结束后登记（the session has not taken place yet）`,
        );
      }
      const row = await store.recordAttendance(session.id, subjectId, attended, describePrincipal(ctx.principal));
      if (!row) throw notFound(`enrolment of ${subjectId} in session ${sessionId}`);
      ctx.audit.note('REPAIR_CASE', [subjectId], 'MUTATION');
      return { ...row, session };
    },

    /** Attended a session that has taken place: attendance recorded for a later day (before this rule) does not count. */
    async attended(subjectId: string, sessionId: string): Promise<boolean> {
      const id = asUuid(sessionId);
      if (!id) return false;
      return store.attended(subjectId, id, chinaToday());
    },
  };
}

export type Training = ReturnType<typeof createTraining>;
