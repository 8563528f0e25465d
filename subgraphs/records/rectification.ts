import { can } from '../kit/access.js';
import { describePrincipal } from '../kit/audit.js';
import { ConfigError } from '../kit/config.js';
import { badInput, conflict } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import type { Principal } from '../kit/principal.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, chinaToday } from '../kit/time.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { changeReportedRecord } from './record-changes.js';
import type { RecordCursor, RecordStore } from './record-store.js';
import type { RectificationStore } from './rectification-store.js';
import type { CreditRecordRow } from './tables.js';

/**
 * Rectification (整改): the reporting unit (or the credit office) extends the deadline within a limit and
 * records the outcome; every outcome is kept with the one it replaced, so a change is never silent.
 */

export type RectificationResult = 'RECTIFIED' | 'NOT_RECTIFIED';
/** As shown: the outcome once recorded; before it, PENDING, or OVERDUE once the deadline has passed. */
export type RectificationStatus = RectificationResult | 'PENDING' | 'OVERDUE';

/** One extension of the deadline: at intake by a tolerance policy (by TOLERANCE:<policy>), or later by a unit. */
export interface RectificationExtension {
  days: number;
  reason: string;
  by: string;
  at: string;
}

export interface RectificationOutcomeChange {
  outcome: RectificationResult;
  on: string;
  previousOutcome: RectificationResult | null;
  previousOn: string | null;
  by: string;
  at: string;
}

export interface RectificationLimits {
  /** Extensions a unit may grant one record (those a tolerance policy granted at intake do not count). */
  maxExtensions: number;
  /** Days all those extensions may add together. */
  maxExtensionDays: number;
}

type Env = Record<string, string | undefined>;

function whole(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return value;
}

/** RECTIFICATION_MAX_EXTENSIONS (2) and RECTIFICATION_MAX_EXTENSION_DAYS (60 in all). */
export function loadRectificationLimits(env: Env = process.env): RectificationLimits {
  return {
    maxExtensions: whole(env, 'RECTIFICATION_MAX_EXTENSIONS', 2, 20),
    maxExtensionDays: whole(env, 'RECTIFICATION_MAX_EXTENSION_DAYS', 60, 3650),
  };
}

/** Extensions a unit or the credit office granted (a tolerance policy's are by TOLERANCE:<policy>). */
const granted = (row: CreditRecordRow): RectificationExtension[] =>
  row.rectificationExtensions.filter((extension) => !extension.by.startsWith('TOLERANCE:'));

/** What is left of the limit for one record: extensions and days. */
export function extensionsLeft(row: CreditRecordRow, limits: RectificationLimits): { extensions: number; days: number } {
  const used = granted(row);
  return {
    extensions: Math.max(0, limits.maxExtensions - used.length),
    days: Math.max(0, limits.maxExtensionDays - used.reduce((sum, extension) => sum + extension.days, 0)),
  };
}

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** A record's rectification as shown: deadline and its history, status (OVERDUE once the deadline has passed), what is left. */
export function rectificationShown(row: CreditRecordRow, limits: RectificationLimits) {
  if (!row.rectificationDeadline) return null;
  const left = extensionsLeft(row, limits);
  const extensions = row.rectificationExtensions;
  const today = chinaToday();
  const overdue = !row.rectificationOutcome && row.rectificationDeadline < today;
  const status: RectificationStatus = row.rectificationOutcome ?? (overdue ? 'OVERDUE' : 'PENDING');
  return {
    deadline: row.rectificationDeadline,
    originalDeadline: addDays(row.rectificationDeadline, -extensions.reduce((sum, extension) => sum + extension.days, 0)),
    extensions,
    status,
    completedOn: row.rectifiedOn,
    overdueDays: overdue ? daysBetween(row.rectificationDeadline, today) : null,
    outcomeHistory: row.rectificationOutcomes,
    extensionsLeft: left.extensions,
    extensionDaysLeft: left.days,
  };
}

export function createRectification(records: RecordStore, store: RectificationStore, limits: RectificationLimits) {
  /** Only the unit that reported the record, or the credit office, changes its rectification; the change is audited. */
  const change = (ctx: PolicyScope, recordId: string, decide: (row: CreditRecordRow) => Partial<CreditRecordRow> | null) =>
    changeReportedRecord(ctx, records, recordId, decide);

  return {
    limits,

    /** Deadlines passed without an outcome: the caller's own unit's records (the credit office sees all). */
    overdueRectifications(principal: Principal, size: number, after: RecordCursor | undefined): Promise<CreditRecordRow[]> {
      return store.overdueRectifications(can(principal, 'administer') ? null : (principal.unitId ?? ''), size, after);
    },

    extendRectification(ctx: PolicyScope, recordId: string, days: number, reason: string): Promise<CreditRecordRow> {
      if (!Number.isInteger(days) || days < 1) throw badInput('days', M.RECORDS_EXTENSION_DAYS_INVALID({ days }));
      if (!reason.trim()) throw badInput('reason', M.RECORDS_EXTENSION_REASON_EMPTY());
      return change(ctx, recordId, (row) => {
        if (!row.rectificationDeadline) throw badInput('recordId', M.RECORDS_NO_RECTIFICATION_DEADLINE());
        if (row.rectificationOutcome) throw conflict(M.RECORDS_RECTIFICATION_ALREADY_DECIDED({ outcome: row.rectificationOutcome }));
        const left = extensionsLeft(row, limits);
        if (left.extensions === 0)
          throw conflict(M.RECORDS_EXTENSIONS_EXHAUSTED({ used: limits.maxExtensions - left.extensions, max: limits.maxExtensions }));
        if (days > left.days) throw conflict(M.RECORDS_EXTENSION_DAYS_EXCEEDED({ max: limits.maxExtensionDays, left: left.days, days }));
        const extension: RectificationExtension = {
          days,
          reason: reason.trim(),
          by: describePrincipal(ctx.principal),
          at: new Date().toISOString(),
        };
        return {
          rectificationDeadline: addDays(row.rectificationDeadline, days),
          rectificationExtensions: [...row.rectificationExtensions, extension],
        };
      });
    },

    /** Records the outcome; a different one replaces it with the change kept, the same one again changes nothing. */
    recordRectification(ctx: PolicyScope, recordId: string, outcome: RectificationResult, on: string): Promise<CreditRecordRow> {
      if (!isRealDate(on)) throw badInput('on', KIT_MESSAGES.DATE_INVALID({ value: on }));
      if (on > chinaToday()) throw badInput('on', M.RECORDS_RECTIFICATION_DATE_FUTURE({ on }));
      return change(ctx, recordId, (row) => {
        if (!row.rectificationDeadline) throw badInput('recordId', M.RECORDS_NO_RECTIFICATION_NEEDED());
        if (on < row.decisionDate) throw badInput('on', M.RECORDS_RECTIFICATION_BEFORE_DECISION({ decisionDate: row.decisionDate }));
        if (row.rectificationOutcome === outcome && row.rectifiedOn === on) return null;
        const change: RectificationOutcomeChange = {
          outcome,
          on,
          previousOutcome: row.rectificationOutcome ?? null,
          previousOn: row.rectifiedOn ?? null,
          by: describePrincipal(ctx.principal),
          at: new Date().toISOString(),
        };
        return { rectificationOutcome: outcome, rectifiedOn: on, rectificationOutcomes: [...row.rectificationOutcomes, change] };
      });
    },
  };
}

export type Rectification = ReturnType<typeof createRectification>;
