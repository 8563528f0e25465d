import { DEFAULT_LOCALE, textOf } from '../../kit/messages.js';
import { checksTextItself } from '../../kit/text-guard.js';
import { designateSubjects } from '../designation.js';
import type { Resolvers } from '../generated/graphql.js';
import { registerSubjects } from '../register-subjects.js';

/** The registry's data (registration.ts) and the credit office's key groups (designation.ts). */
export const registrationResolvers: Resolvers = {
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareRegistration), not the whole call.
    registerSubjects: checksTextItself((_, args, ctx) =>
      registerSubjects({ principal: ctx.principal, audit: ctx.audit, registration: ctx.data.registration }, args.input),
    ),
    designateSubjects: (_, args, ctx) =>
      designateSubjects({ principal: ctx.principal, audit: ctx.audit, designation: ctx.data.designation }, args.input, args.reason),
  },
  // A problem carries its Message; the person reads it in the language their Accept-Language asked for.
  RegistrationProblem: {
    reason: (problem, _, ctx) => textOf(problem.reason, ctx.locale ?? DEFAULT_LOCALE),
  },
};
