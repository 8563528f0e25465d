import type { Resolvers } from '../generated/graphql.js';

/** 信用修复培训: sessions, enrolment, attendance, and seats left; thin calls into training.ts. */
export const trainingResolvers: Resolvers = {
  Mutation: {
    scheduleTraining: (_, args, ctx) => ctx.data.training.schedule(ctx, args.input),
    enrolInTraining: (_, args, ctx) => ctx.data.training.enrol(ctx, args.sessionId),
    recordTrainingAttendance: (_, args, ctx) => ctx.data.training.recordAttendance(ctx, args.sessionId, args.subjectId, args.attended),
  },
  Query: {
    trainingSessions: (_, __, ctx) => ctx.data.training.upcoming(),
  },
  Subject: {
    trainingEnrolments: (subject, _, ctx) => ctx.loaders.trainingOfSubject.load(subject.id),
  },
  TrainingSession: {
    seatsLeft: async (session, _, ctx) => session.capacity - Number((await ctx.loaders.seatsTaken.load(session.id))?.taken ?? 0),
  },
};
