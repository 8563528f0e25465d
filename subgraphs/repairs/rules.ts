import { ConfigError, type Env } from '../kit/config.js';
import type { Message } from '../kit/messages.js';
import { REPAIRS_MESSAGES as M } from './messages.js';

/** States and who may move an application between them (信用修复, notice §11). */
export type RepairState = 'SUBMITTED' | 'ACCEPTED' | 'NOT_ACCEPTED' | 'APPROVED' | 'DENIED' | 'WITHDRAWN';
export type Actor = 'APPLICANT' | 'DECIDER';

/** The transition table: from which state, to which, by whom, and whether a reason must be given. */
export const TRANSITIONS: readonly { from: RepairState; to: RepairState; by: Actor; reasonRequired: boolean }[] = [
  { from: 'SUBMITTED', to: 'ACCEPTED', by: 'DECIDER', reasonRequired: false },
  { from: 'SUBMITTED', to: 'NOT_ACCEPTED', by: 'DECIDER', reasonRequired: true },
  { from: 'ACCEPTED', to: 'APPROVED', by: 'DECIDER', reasonRequired: false },
  { from: 'ACCEPTED', to: 'DENIED', by: 'DECIDER', reasonRequired: true },
  { from: 'SUBMITTED', to: 'WITHDRAWN', by: 'APPLICANT', reasonRequired: false },
  { from: 'ACCEPTED', to: 'WITHDRAWN', by: 'APPLICANT', reasonRequired: false },
];

export const OPEN_STATES: RepairState[] = ['SUBMITTED', 'ACCEPTED'];

/**
 * A record of a category the catalogue marks not repairable (records' catalogue.ts, carried on records' events as
 * `repairable`): its penalty information stays on display for the whole maximum period and stops by itself then.
 */
export const notRepairable = (category: string): Message => M.REPAIRS_CATEGORY_NOT_REPAIRABLE({ category });

/**
 * 公示期满: records' status of a record whose period has ended (its display, or the rule's maximum), announced
 * on records' log by its sweep. Its consequences have ended with it: there is nothing left to repair, and an
 * application is refused as a CONFLICT with `extensions.reason` REPAIRS_RECORD_EXPIRED (messages.ts).
 */
export const EXPIRED_STATUS = 'EXPIRED';

/** Time limits in working days (REFERENCE: accept within 2–3, decide within 5–10; green channel shorter). */
export interface TimeLimits {
  acceptDays: number;
  decideDays: number;
  greenAcceptDays: number;
  greenDecideDays: number;
}

function days(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 60)
    throw new ConfigError(`${name} must be a whole number of working days from 1 to 60, got "${raw}"`);
  return value;
}

export function loadTimeLimits(env: Env = process.env): TimeLimits {
  const limits = {
    acceptDays: days(env, 'REPAIR_ACCEPT_DAYS', 2),
    decideDays: days(env, 'REPAIR_DECIDE_DAYS', 5),
    greenAcceptDays: days(env, 'REPAIR_GREEN_ACCEPT_DAYS', 1),
    greenDecideDays: days(env, 'REPAIR_GREEN_DECIDE_DAYS', 2),
  };
  if (limits.greenAcceptDays > limits.acceptDays || limits.greenDecideDays > limits.decideDays) {
    throw new ConfigError('the green channel limits (REPAIR_GREEN_*_DAYS) must not be longer than the ordinary ones');
  }
  return limits;
}

/** Objections (异议, notice §12): verify within 5 working days, extendable once, to 20 in all (REFERENCE). */
export interface ObjectionLimits {
  verifyDays: number;
  maxDays: number;
  /** CORRECTED: the reporting unit re-sends the corrected record within this many working days (the record is withheld meanwhile). */
  correctDays: number;
}

export function loadObjectionLimits(env: Env = process.env): ObjectionLimits {
  const limits = {
    verifyDays: days(env, 'OBJECTION_VERIFY_DAYS', 5),
    maxDays: days(env, 'OBJECTION_MAX_DAYS', 20),
    correctDays: days(env, 'OBJECTION_CORRECT_DAYS', 5),
  };
  if (limits.maxDays < limits.verifyDays) throw new ConfigError('OBJECTION_MAX_DAYS must not be shorter than OBJECTION_VERIFY_DAYS');
  return limits;
}

export const OBJECTION_OUTCOMES = ['CORRECTED', 'WITHDRAWN', 'UPHELD'] as const;
