import { addDays, addMonths } from '../kit/time.js';
import { isNegativeKind, type RecordKind, type Severity } from './catalogue.js';

/** Disclosure periods of negative information (公示期) for one severity; months run from the decision date. */
interface Period {
  /** Not published at all unless a rule says otherwise. */
  published: boolean;
  minMonths: number;
  maxMonths: number;
}

export interface DisclosureRule {
  version: string;
  effectiveFrom: string;
  periods: Record<Severity, Period>;
}

/**
 * The rule versions of REFERENCE.md, newest last. The 2019 rule knew no minor class: minor records
 * decided under it are disclosed as general ones. Records decided before 2019-07-01 use the oldest rule.
 */
export const DISCLOSURE_RULES: readonly DisclosureRule[] = [
  {
    version: '发改办财金〔2019〕527号',
    effectiveFrom: '2019-07-01',
    periods: {
      MINOR: { published: true, minMonths: 3, maxMonths: 12 },
      GENERAL: { published: true, minMonths: 3, maxMonths: 12 },
      SERIOUS: { published: true, minMonths: 6, maxMonths: 36 },
    },
  },
  {
    version: '国家发展改革委令第36号《信用修复管理办法》',
    effectiveFrom: '2026-04-01',
    periods: {
      MINOR: { published: false, minMonths: 0, maxMonths: 3 },
      GENERAL: { published: true, minMonths: 3, maxMonths: 12 },
      SERIOUS: { published: true, minMonths: 12, maxMonths: 36 },
    },
  },
];

export function ruleInForce(decisionDate: string): DisclosureRule {
  return [...DISCLOSURE_RULES].reverse().find((rule) => rule.effectiveFrom <= decisionDate) ?? DISCLOSURE_RULES[0]!;
}

export interface DisclosureWindow {
  rule: string;
  /** End of the minimum period: repair may be applied for from this date. */
  minimumUntil: string | null;
  publicFrom: string | null;
  /** Last day of public display. */
  publicUntil: string | null;
}

/** Computed once at intake from the rule in force on the decision date. */
export function disclosureWindow(
  kind: RecordKind,
  severity: Severity | null,
  decisionDate: string,
  subjectIsPerson: boolean,
): DisclosureWindow {
  const rule = ruleInForce(decisionDate);
  if (!isNegativeKind(kind)) {
    return { rule: rule.version, minimumUntil: null, publicFrom: subjectIsPerson ? null : decisionDate, publicUntil: null };
  }
  const period = rule.periods[severity ?? 'GENERAL'];
  const minimumUntil = period.minMonths > 0 ? addMonths(decisionDate, period.minMonths) : null;
  if (subjectIsPerson || !period.published) return { rule: rule.version, minimumUntil, publicFrom: null, publicUntil: null };
  return {
    rule: rule.version,
    minimumUntil,
    publicFrom: decisionDate,
    publicUntil: addDays(addMonths(decisionDate, period.maxMonths), -1),
  };
}

/**
 * A record's status (RecordStatus of the SDL): what the workflows store, and EXPIRED, which is only ever read
 * from the date (expiry.ts statusOn), never stored.
 */
export type RecordStatus = 'ACTIVE' | 'DEFERRED' | 'EXEMPTED' | 'DISPUTED' | 'REPAIRED' | 'WITHDRAWN' | 'EXPIRED' | 'PENDING_CORRECTION';

/** Statuses under which a record inside its window is shown; a disputed record stays shown, marked. */
export const PUBLIC_STATUSES = ['ACTIVE', 'DISPUTED'] as const satisfies readonly RecordStatus[];

const STATUS_REASON: Record<string, string> = {
  DEFERRED: '暂缓报送：依据包容审慎政策暂缓公示',
  EXEMPTED: '免予认定为失信：不公示，仅留存备查',
  REPAIRED: '已完成信用修复：终止公示，停止共享',
  WITHDRAWN: '记录已撤销：不再公示、不再共享',
  EXPIRED: '公示期满：已停止公示',
  PENDING_CORRECTION: '异议核实属实，待报送单位更正：更正后的记录报送前暂停公示、暂停共享',
};

export interface DisclosureView extends DisclosureWindow {
  isPublicNow: boolean;
  reason: string;
}

/** Why a record is or is not public today, in the words the portal shows. */
export function explainDisclosure(
  record: {
    status: string;
    subjectIsPerson: boolean;
    severity: string | null;
    disclosureRule: string;
    minimumUntil: string | null;
    publicFrom: string | null;
    publicUntil: string | null;
    deferredUntil?: string | null;
  },
  today: string,
): DisclosureView {
  const window = {
    rule: record.disclosureRule,
    minimumUntil: record.minimumUntil,
    publicFrom: record.publicFrom,
    publicUntil: record.publicUntil,
  };
  const answer = (isPublicNow: boolean, reason: string): DisclosureView => ({ ...window, isPublicNow, reason });
  if (record.subjectIsPerson) return answer(false, '自然人信用信息不向社会公开，仅依授权查询或政务共享');
  const deferralOver = record.status === 'DEFERRED' && record.deferredUntil != null && record.deferredUntil <= today;
  const statusReason = deferralOver ? undefined : STATUS_REASON[record.status];
  if (statusReason)
    return answer(
      false,
      record.status === 'DEFERRED' && record.deferredUntil ? `${statusReason}，至${record.deferredUntil}` : statusReason,
    );
  if (!record.publicFrom) return answer(false, `依据${record.disclosureRule}，轻微失信信息不予公示`);
  if (record.publicFrom > today) return answer(false, `将于${record.publicFrom}起公示`);
  if (record.publicUntil && record.publicUntil < today) return answer(false, `公示期已于${record.publicUntil}届满，已停止公示`);
  if (!record.publicUntil) return answer(true, `公示中：自${record.publicFrom}起长期公示`);
  return answer(true, `公示中：依据${record.disclosureRule}，公示至${record.publicUntil}`);
}

/**
 * Last day a negative record counts against its subject (the maximum period, published or not): what
 * lists, supervision levels and loan profiles go by. Positive records have no end.
 */
export function effectUntil(kind: RecordKind, severity: Severity | null, decisionDate: string): string | null {
  if (!isNegativeKind(kind)) return null;
  const period = ruleInForce(decisionDate).periods[severity ?? 'GENERAL'];
  return addDays(addMonths(decisionDate, period.maxMonths), -1);
}
