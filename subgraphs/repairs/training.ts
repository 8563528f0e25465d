import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { TrainingSessionInput } from './generated/graphql.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import type { EnrolmentWithSession, TrainingStore } from './training-store.js';
import { can, ownSubject } from '../kit/access.js';

/** Severities whose repair requires attended training (the credit office's rule; data). */
export const TRAINING_REQUIRED_FOR: ReadonlySet<string> = new Set(['SERIOUS']);

const requireOffice = (ctx: PolicyScope) => {
  if (!can(ctx.principal, 'runTraining')) throw forbidden(M.REPAIRS_TRAINING_OFFICE_ONLY());
};

/** 信用修复培训: sessions, enrolment by subjects, attendance recorded by the credit office. */
export function createTraining(store: TrainingStore) {
  return {
    async schedule(ctx: PolicyScope, input: TrainingSessionInput) {
      requireOffice(ctx);
      if (!input.title.trim()) throw badInput('input.title', KIT_MESSAGES.EMPTY());
      if (!isRealDate(input.heldOn) || input.heldOn < chinaToday())
        throw badInput('input.heldOn', M.REPAIRS_TRAINING_DATE_INVALID({ value: input.heldOn }));
      if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)
        throw badInput('input.capacity', M.REPAIRS_TRAINING_CAPACITY({ got: input.capacity }));
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
      if (!subjectId) throw forbidden(M.REPAIRS_TRAINING_SELF_ENROLMENT());
      const id = asUuid(sessionId);
      const enrolled = id
        ? await store.enrol(id, subjectId, (session, taken) => {
            if (session.heldOn < chinaToday()) throw badInput('sessionId', M.REPAIRS_TRAINING_SESSION_PAST());
            if (taken >= session.capacity) throw conflict(M.REPAIRS_TRAINING_SESSION_FULL());
          })
        : ({ missing: true } as const);
      if ('missing' in enrolled) throw notFound(M.REPAIRS_TRAINING_SESSION_NOT_FOUND({ id: sessionId }));
      if ('already' in enrolled) throw conflict(M.REPAIRS_TRAINING_ALREADY_ENROLLED());
      ctx.audit.note('REPAIR_CASE', [subjectId], 'MUTATION');
      return enrolled.row;
    },

    /** Attendance is a fact about a session that took place: refused before its day (China time), nothing stored. */
    async recordAttendance(ctx: PolicyScope, sessionId: string, subjectId: string, attended: boolean): Promise<EnrolmentWithSession> {
      requireOffice(ctx);
      const id = asUuid(sessionId);
      const session = id ? await store.sessionById(id) : null;
      if (!session) throw notFound(M.REPAIRS_TRAINING_SESSION_NOT_FOUND({ id: sessionId }));
      const today = chinaToday();
      if (session.heldOn > today) {
        throw conflict(M.REPAIRS_TRAINING_NOT_HELD_YET({ heldOn: session.heldOn }));
      }
      const row = await store.recordAttendance(session.id, subjectId, attended, describePrincipal(ctx.principal));
      if (!row) throw notFound(M.REPAIRS_TRAINING_ENROLMENT_NOT_FOUND({ subjectId, sessionId }));
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
