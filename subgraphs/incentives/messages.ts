import { messages } from '../kit/messages.js';

/**
 * What incentives says when it refuses: list entries by hand, measure feedback, the points table, 信易贷
 * authorisations and profiles, exemplar consent, and the restricted fields. Each code is `extensions.reason`.
 * (Texts stored as data — a membership's reason, a points entry's reason — are records, not refusals.)
 */

const LIST_ZH: Record<string, string> = {
  RED: '诚信典型（红名单）',
  KEY_ATTENTION: '重点关注名单',
  JOINT_PUNISHMENT: '联合惩戒对象名单',
};
const LIST_EN: Record<string, string> = {
  RED: 'the red list (exemplars of integrity)',
  KEY_ATTENTION: 'the key-attention list',
  JOINT_PUNISHMENT: 'the joint-punishment list',
};

/** A list's name for a person: 诚信典型（红名单）… in Chinese, the list's description in English. */
export const listNameZh = (list: string): string => LIST_ZH[list] ?? list;
export const listNameEn = (list: string): string => LIST_EN[list] ?? list;

export const INCENTIVES_MESSAGES = messages({
  // Lists by hand (administration.ts)
  INCENTIVES_LIST_ENTRY_CREDIT_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以手工列入名单',
    en: 'only the credit office adds list entries by hand',
  }),
  INCENTIVES_LIST_END_CREDIT_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以手工移出名单',
    en: 'only the credit office ends list memberships by hand',
  }),
  INCENTIVES_POINTS_TABLE_CREDIT_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以设置娄城信用积分标准',
    en: 'only the credit office sets the Loucheng points table',
  }),
  INCENTIVES_ENTRY_REASON_EMPTY: () => ({
    zh: '不能为空：请写明列入名单的理由',
    en: 'is empty: say why the subject is put on the list',
  }),
  INCENTIVES_UNTIL_FROM_TODAY: (p: { today: string; got: string }) => ({
    zh: `须为今天（${p.today}）或之后的有效日期，收到 ${p.got}`,
    en: `must be a real date from today (${p.today}) on, got ${p.got}`,
  }),
  INCENTIVES_SUBJECT_UNKNOWN: () => ({
    zh: '平台上没有该主体：请核对统一社会信用代码或主体编号',
    en: 'names no subject on the platform',
  }),
  INCENTIVES_ALREADY_ON_LIST: (p: { list: string; membershipId: string; since: string; byHand: boolean }) =>
    p.byHand
      ? {
          zh: `该主体已由市信用办手工列入${listNameZh(p.list)}（列入记录 ${p.membershipId}）；如需变更，请先移出`,
          en: `the credit office already put this subject on ${listNameEn(p.list)} by hand (membership ${p.membershipId}); end it first to change it`,
        }
      : {
          zh: `该主体已因信用记录列入${listNameZh(p.list)}（列入记录 ${p.membershipId}，自${p.since}起），同一名单只列入一次`,
          en: `the subject is already on ${listNameEn(p.list)} because of its credit records (membership ${p.membershipId}, since ${p.since}); a subject is on a list once`,
        },
  INCENTIVES_RED_BARRED_BY_JOINT_PUNISHMENT: (p: { membershipId: string; since: string }) => ({
    zh: `该主体已列入联合惩戒对象名单（列入记录 ${p.membershipId}，自${p.since}起），监管等级为D，不得列入诚信典型（红名单）`,
    en: `the subject is on the joint-punishment list (membership ${p.membershipId}, since ${p.since}), supervision level D: it cannot be put on the red list`,
  }),
  INCENTIVES_RED_BARRED_BY_SERIOUS_DISHONESTY: (p: {
    category: string;
    categoryLabel: string;
    recordId: string;
    decisionDate: string;
  }) => ({
    zh: `该主体存在有效的严重失信记录（${p.categoryLabel}，记录 ${p.recordId}，${p.decisionDate}作出），不得列入诚信典型（红名单）`,
    en: `the subject has serious dishonesty counting (${p.category}, record ${p.recordId} of ${p.decisionDate}): it cannot be put on the red list`,
  }),
  INCENTIVES_END_REASON_EMPTY: () => ({
    zh: '不能为空：请写明移出名单的理由',
    en: 'is empty: say why the membership ends',
  }),
  INCENTIVES_MEMBERSHIP_ID_INVALID: () => ({
    zh: '不是名单列入记录的编号',
    en: 'is not a membership id',
  }),
  INCENTIVES_MEMBERSHIP_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到名单列入记录 ${p.id}`,
    en: `list membership ${p.id} not found`,
  }),

  // The points table (administration.ts)
  INCENTIVES_POINTS_BASIS_UNKNOWN: () => ({
    zh: '须为守信或荣誉类别代码，或 NEGATIVE_MINOR、NEGATIVE_GENERAL、NEGATIVE_SERIOUS 之一',
    en: 'must be an honest-conduct or honour category code or one of NEGATIVE_MINOR, NEGATIVE_GENERAL, NEGATIVE_SERIOUS',
  }),
  INCENTIVES_POINTS_OUT_OF_RANGE: (p: { max: number; got: number }) => ({
    zh: `须为 -${p.max} 至 ${p.max} 之间的整数，收到 ${p.got}`,
    en: `must be an integer between -${p.max} and ${p.max}, got ${p.got}`,
  }),
  INCENTIVES_DISHONESTY_CANNOT_ADD_POINTS: () => ({
    zh: '失信行为不能加分',
    en: 'dishonesty cannot add points',
  }),
  INCENTIVES_HONESTY_CANNOT_SUBTRACT_POINTS: () => ({
    zh: '守信行为不能扣分',
    en: 'honest conduct cannot subtract points',
  }),

  // Measures (measures.ts)
  INCENTIVES_MEASURES_FOR_UNITS_ONLY: () => ({
    zh: '联合奖惩措施只向成员单位、金融机构和市信用办提供',
    en: 'measures are answered to member units, financial institutions and the credit office',
  }),
  INCENTIVES_MEASURES_OWN_UNIT_ONLY: () => ({
    zh: '成员单位只能查询本单位实施的措施',
    en: 'a unit asks for the measures it applies itself',
  }),
  INCENTIVES_NO_PERSONS_FOR_INSTITUTIONS: () => ({
    zh: '不向金融机构提供自然人的信息',
    en: 'financial institutions are not told about natural persons',
  }),
  INCENTIVES_FEEDBACK_BY_APPLYING_UNIT: () => ({
    zh: '措施落实情况由实施该措施的成员单位反馈',
    en: 'measure feedback is reported by the unit that applied the measure',
  }),
  INCENTIVES_MEASURE_UNKNOWN: (p: { codes: readonly string[] }) => ({
    zh: `不是措施清单中的措施（可选：${p.codes.join('、')}）`,
    en: `is not a measure of the catalogue (${p.codes.join(', ')})`,
  }),
  INCENTIVES_MEASURE_NOT_OF_UNIT: (p: { unit: string; units: readonly string[] }) => ({
    zh: `该措施不由 ${p.unit} 实施；实施单位为 ${p.units.join('、')}`,
    en: `is not applied by ${p.unit}; its units are ${p.units.join(', ')}`,
  }),
  INCENTIVES_MEMBERSHIP_NOT_OF_SUBJECT: () => ({
    zh: '不是该主体的名单列入记录',
    en: 'is not a list membership of this subject',
  }),
  INCENTIVES_MEMBERSHIP_WRONG_LIST: (p: { list: string; measureList: string }) => ({
    zh: `该列入记录属于${listNameZh(p.list)}（${p.list}），而该措施适用于${listNameZh(p.measureList)}（${p.measureList}）`,
    en: `is on ${p.list}, the measure applies to ${p.measureList}`,
  }),
  INCENTIVES_APPLIED_ON_FUTURE: () => ({
    zh: '不能晚于今天：请反馈已经实施的措施',
    en: 'is in the future: report what was applied',
  }),
  INCENTIVES_APPLIED_BEFORE_MEMBERSHIP: (p: { since: string }) => ({
    zh: `早于列入名单之日（${p.since}）`,
    en: `is before the membership began (${p.since})`,
  }),
  INCENTIVES_RESULT_LENGTH: (p: { max: number; got: number }) => ({
    zh: `须写明实施情况（1 至 ${p.max} 个字符），收到 ${p.got} 个`,
    en: `must say what was done (1 to ${p.max} characters), got ${p.got}`,
  }),
  INCENTIVES_REFERENCE_LENGTH: (p: { max: number; got: number }) => ({
    zh: `须为本单位自己的文书编号（1 至 ${p.max} 个字符），收到 ${p.got} 个`,
    en: `must be the unit’s own reference (1 to ${p.max} characters), got ${p.got}`,
  }),
  INCENTIVES_FEEDBACK_REFERENCE_USED: (p: { reference: string; unit: string }) => ({
    zh: `编号 ${p.reference} 已被 ${p.unit} 用于另一条落实情况反馈：请使用新的编号`,
    en: `reference ${p.reference} was already used by ${p.unit} for a different report`,
  }),
  INCENTIVES_OVERSIGHT_CREDIT_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以查看措施落实情况',
    en: 'only the credit office oversees measure feedback',
  }),

  // 信易贷 (loans.ts)
  INCENTIVES_LOAN_GRANT_SUBJECT_ONLY: () => ({
    zh: '只有主体本身可以授权查询其信易贷信用档案',
    en: 'only the subject itself grants access to its loan profile',
  }),
  INCENTIVES_LOAN_NOT_FOR_PERSONS: () => ({
    zh: '信易贷信用档案只面向组织，自然人没有信易贷信用档案',
    en: 'Xinyidai loan profiles are for organisations; natural persons have none',
  }),
  INCENTIVES_NOT_A_FINANCIAL_INSTITUTION: (p: { id: string }) => ({
    zh: `${p.id} 不是平台上的金融机构`,
    en: `${p.id} is not a financial institution on the platform`,
  }),
  INCENTIVES_VALID_UNTIL_RANGE: (p: { today: string; last: string }) => ({
    zh: `须在今天（${p.today}）至 ${p.last} 之间：授权最长一年，到期后可再次授权`,
    en: `must be between today (${p.today}) and ${p.last}`,
  }),
  INCENTIVES_LOAN_AUTHORISATION_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到信易贷授权 ${p.id}`,
    en: `loan authorisation ${p.id} not found`,
  }),
  INCENTIVES_LOAN_AUTHORISATIONS_WHO: () => ({
    zh: '信易贷授权只向主体本身、被授权的金融机构和市信用办展示',
    en: 'Xinyidai authorisations are shown to the subject, the institution and the credit office',
  }),
  INCENTIVES_LOAN_NOT_AUTHORISED: (p: { subject: string; institution: string }) => ({
    zh: `主体 ${p.subject} 未授权 ${p.institution} 查询其信易贷信用档案：须由主体通过 grantLoanAuthorisation 授权`,
    en: `no authorisation from subject ${p.subject} for ${p.institution}: the subject grants access with grantLoanAuthorisation`,
  }),
  INCENTIVES_LOAN_PROFILE_WHO: () => ({
    zh: '信易贷信用档案只向经主体授权的金融机构提供',
    en: 'loan profiles are read by institutions the subject authorised',
  }),
  INCENTIVES_SUBJECT_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到主体 ${p.id}`,
    en: `subject ${p.id} not found`,
  }),

  // 诚信典型 consent (exemplars.ts)
  INCENTIVES_CONSENT_PERSON_ONLY: () => ({
    zh: '只有本人可以同意或撤回诚信典型公示',
    en: 'only the person concerned gives or withdraws this consent',
  }),
  INCENTIVES_CONSENT_NOT_FOR_ORGANISATIONS: () => ({
    zh: '组织无需同意：列入红名单的组织即作为诚信典型公示',
    en: 'organisations need no consent: red-list organisations are shown as exemplars',
  }),
  INCENTIVES_DISPLAY_NAME_LENGTH: (p: { max: number; got: number }) => ({
    zh: `须为公示时使用的名称，1 至 ${p.max} 个字符，收到 ${p.got} 个`,
    en: `must be the name to show, 1 to ${p.max} characters, got ${p.got}`,
  }),

  // Restricted fields (policy.ts)
  INCENTIVES_SUPERVISION_FIELD_WHO: () => ({
    zh: '监管等级只向成员单位、市信用办和主体本身展示',
    en: 'the supervision level is shown only to member units, the credit office and the subject itself',
  }),
  INCENTIVES_POINTS_FIELD_WHO: () => ({
    zh: '娄城信用积分只向本人和市信用办展示',
    en: 'Loucheng credit points are shown only to the person and the credit office',
  }),
  INCENTIVES_LOANS_FIELD_WHO: () => ({
    zh: '信易贷授权只向主体本身和市信用办展示',
    en: 'Xinyidai authorisations are shown only to the subject and the credit office',
  }),
});
