/**
 * The credit vocabulary every subgraph speaks. Records owns the records, but their kinds, severities and 双公示
 * categories travel on its events and are read by repairs, incentives and reports: the words live here once, and
 * tests/sdl-vocabulary.test.ts holds the SDL enums to them.
 */

/** 信用记录的种类: two negative (失信), two positive (守信), and the commitments subjects make (信用承诺). */
export const RECORD_KINDS = ['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT', 'HONEST_CONDUCT', 'HONOR', 'COMMITMENT'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Kinds that carry a severity and a disclosure window and can be repaired or exempted. */
export const NEGATIVE_KINDS: readonly RecordKind[] = Object.freeze(['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT'] as const);
/** Kinds that earn points, red-list eligibility and exemplar status. */
export const POSITIVE_KINDS: readonly RecordKind[] = Object.freeze(['HONEST_CONDUCT', 'HONOR'] as const);

export const isNegativeKind = (kind: string): boolean => (NEGATIVE_KINDS as readonly string[]).includes(kind);
export const isPositiveKind = (kind: string): boolean => (POSITIVE_KINDS as readonly string[]).includes(kind);

/** 失信程度 of a negative record, mildest first. */
export const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 处罚类别 (《行政处罚法》第九条), in the law's order: stored and shown in this order. */
export const PENALTY_TYPES = {
  WARNING: '警告',
  CIRCULATED_CRITICISM: '通报批评',
  FINE: '罚款',
  CONFISCATION: '没收违法所得、没收非法财物',
  LICENCE_SUSPENSION: '暂扣许可证件',
  QUALIFICATION_DOWNGRADE: '降低资质等级',
  LICENCE_REVOCATION: '吊销许可证件',
  ACTIVITY_RESTRICTION: '限制开展生产经营活动',
  PRODUCTION_SUSPENSION: '责令停产停业',
  CLOSURE: '责令关闭',
  EMPLOYMENT_RESTRICTION: '限制从业',
  DETENTION: '行政拘留',
  OTHER: '其他',
} as const;
export type PenaltyType = keyof typeof PENALTY_TYPES;

/** 许可类别 of the national data standard. */
export const LICENCE_TYPES = {
  GENERAL: '普通',
  FRANCHISE: '特许',
  RECOGNITION: '认可',
  APPROVAL: '核准',
  REGISTRATION: '登记',
  OTHER: '其他',
} as const;
export type LicenceType = keyof typeof LICENCE_TYPES;

/** The label of a code in one of the tables above; a code the table does not know is shown as it is. */
export const labelOf = (labels: Readonly<Record<string, string>>, code: string): string => labels[code] ?? code;

/** 主体类别: organisations by their credit code's registering-authority digits, and natural persons. */
export const SUBJECT_KINDS = ['LEGAL_PERSON', 'OTHER_ORGANISATION', 'INDIVIDUAL_BUSINESS', 'NATURAL_PERSON'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** 登记状态 of a credit file, as the registry keeps it. */
export const SUBJECT_STATUSES = ['ACTIVE', 'REVOKED', 'DEREGISTERED', 'MOVED_OUT'] as const;
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number];
