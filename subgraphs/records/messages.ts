import { messages, type Message } from '../kit/messages.js';

/**
 * What the records subgraph tells a person it refused: zh-CN text, English on Accept-Language, each with its
 * stable code (extensions.reason of an error, `code` of a ReportProblem). Plain "not a real date", "is empty"
 * and "too long" reuse the kit's messages (kit/kit-messages.ts).
 */
export const RECORDS_MESSAGES = messages({
  // Who may change, report, read.
  RECORDS_CHANGE_NOT_RESPONSIBLE: () => ({
    zh: '只有报送该记录的成员单位或市信用办可以修改该记录',
    en: 'only the unit that reported the record, or the credit office, may change it',
  }),
  RECORDS_NO_MEMBER_UNIT: () => ({
    zh: '报送须以成员单位身份进行：该凭证未绑定任何成员单位',
    en: 'reporting needs a member unit: this credential is bound to none',
  }),
  RECORDS_BATCH_TOO_LARGE: (p: { max: number; got: number }) => ({
    zh: `每次至多报送 ${p.max} 条，收到 ${p.got} 条：请分批报送`,
    en: `at most ${p.max} items per call, got ${p.got}; split the batch`,
  }),
  RECORDS_RECORD_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到信用记录 ${p.id}`,
    en: `credit record ${p.id} not found`,
  }),
  RECORDS_STATISTICS_PER_SUBJECT: () => ({
    zh: '统计不按单个主体分解：单个主体的记录请以 creditRecords 查询',
    en: "statistics are not broken down by one subject: query that subject's records with creditRecords",
  }),

  // Field policy (who may read or call what).
  RECORDS_STATISTICS_READERS: () => ({
    zh: '统计数据仅向分析人员、成员单位和市信用办开放',
    en: 'statistics are for analysts, member units and the credit office',
  }),
  RECORDS_PERSON_FACTS_PRIVATE: () => ({
    zh: '自然人记录的事实仅向本人、市信用办和报送单位展示',
    en: "the facts of a natural person's record are shown only to the person, the credit office and the reporting unit",
  }),
  RECORDS_PERSON_PENALTY_PRIVATE: () => ({
    zh: '自然人记录的处罚信息仅向本人、市信用办和报送单位展示',
    en: "the penalty details of a natural person's record are shown only to the person, the credit office and the reporting unit",
  }),
  RECORDS_HISTORY_OWNERS_ONLY: () => ({
    zh: '记录的历史版本仅向信用主体、报送单位和市信用办展示',
    en: 'earlier versions are shown to the subject, the reporting unit and the credit office',
  }),
  RECORDS_EVIDENCE_OWNERS_ONLY: () => ({
    zh: '包容审慎主张的证据仅向信用主体、报送单位和市信用办展示',
    en: 'the evidence is shown to the subject, the reporting unit and the credit office',
  }),
  RECORDS_REPORTERS_ONLY: () => ({
    zh: '信用记录由成员单位和市信用办报送',
    en: 'records are reported by member units and the credit office',
  }),
  RECORDS_OVERDUE_SUPERVISORS_ONLY: () => ({
    zh: '逾期未整改清单仅向成员单位和市信用办开放',
    en: 'overdue rectifications are listed for member units and the credit office',
  }),
  RECORDS_LICENCE_REPORTERS_ONLY: () => ({
    zh: '行政许可信息由成员单位和市信用办报送',
    en: 'administrative licences are reported by member units and the credit office',
  }),
  RECORDS_EMERGENCY_END_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以结束应急响应',
    en: 'only the credit office ends the emergency response',
  }),
  RECORDS_TOLERANCE_DEFERRAL_OFFICE_ONLY: () => ({
    zh: '只有市信用办可以设定包容审慎政策（暂缓报送期限）',
    en: 'only the credit office sets tolerance policies (deferral periods)',
  }),

  // Commitments.
  RECORDS_NOT_A_COMMITMENT: (p: { category: string }) => ({
    zh: `${p.category} 不是信用承诺记录`,
    en: `${p.category} is not a commitment`,
  }),
  RECORDS_COMMITMENT_BREACHED: () => ({
    zh: '该信用承诺已被违反，不能标记为已履行',
    en: 'this commitment was breached and cannot be marked fulfilled',
  }),

  // Rectification.
  RECORDS_EXTENSION_DAYS_INVALID: (p: { days: number }) => ({
    zh: `须为正整数天数，收到 ${p.days}`,
    en: `must be a positive whole number of days, got ${p.days}`,
  }),
  RECORDS_EXTENSION_REASON_EMPTY: () => ({
    zh: '为空：请说明延长整改期的理由',
    en: 'is empty: say why the rectification period is extended',
  }),
  RECORDS_NO_RECTIFICATION_DEADLINE: () => ({
    zh: '该记录未设整改期限，无可延长',
    en: 'this record has no rectification deadline to extend',
  }),
  RECORDS_RECTIFICATION_ALREADY_DECIDED: (p: { outcome: string }) => ({
    zh: `整改已有结果（${p.outcome}），不能再延长整改期`,
    en: `the rectification already has an outcome (${p.outcome}); its period can no longer be extended`,
  }),
  RECORDS_EXTENSIONS_EXHAUSTED: (p: { used: number; max: number }) => ({
    zh: `整改期已延长${p.used}次，达到上限（RECTIFICATION_MAX_EXTENSIONS=${p.max}），不能再延长`,
    en: `the rectification period was extended ${p.used} times, the limit (RECTIFICATION_MAX_EXTENSIONS=${p.max}); it cannot be extended again`,
  }),
  RECORDS_EXTENSION_DAYS_EXCEEDED: (p: { max: number; left: number; days: number }) => ({
    zh: `延长整改期合计不得超过${p.max}日（RECTIFICATION_MAX_EXTENSION_DAYS）：本次最多还可延长${p.left}日，申请${p.days}日`,
    en: `extensions may add at most ${p.max} days in all (RECTIFICATION_MAX_EXTENSION_DAYS): at most ${p.left} more days, asked for ${p.days}`,
  }),
  RECORDS_RECTIFICATION_DATE_FUTURE: (p: { on: string }) => ({
    zh: `${p.on} 在今天之后：整改结果的日期不能在将来`,
    en: `${p.on} is after today: the date of a rectification outcome cannot be in the future`,
  }),
  RECORDS_NO_RECTIFICATION_NEEDED: () => ({
    zh: '该记录无需整改',
    en: 'this record needs no rectification',
  }),
  RECORDS_RECTIFICATION_BEFORE_DECISION: (p: { decisionDate: string }) => ({
    zh: `早于决定日期 ${p.decisionDate}`,
    en: `is before the decision date ${p.decisionDate}`,
  }),

  // Tolerance policies and their deferral.
  RECORDS_TOLERANCE_POLICY_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到包容审慎政策 ${p.id}`,
    en: `tolerance policy ${p.id} not found`,
  }),
  RECORDS_POLICY_NOT_DEFERRAL: (p: { id: string; name: string }) => ({
    zh: `政策 ${p.id}（${p.name}）的措施不是暂缓信息报送（DEFER_REPORTING），不设暂缓期限`,
    en: `policy ${p.id} does not defer reporting (DEFER_REPORTING) and has no deferral period`,
  }),
  RECORDS_DEFERRAL_BOTH_FORMS: () => ({
    zh: '请只给出一种暂缓方式：截止日期（until），或起算点（after）加期限（days、months）',
    en: 'give one form of deferral only: a date (until), or a start (after) with a period (days, months)',
  }),
  RECORDS_DEFERRAL_MISSING: () => ({
    zh: '请给出截止日期（until），或起算点（after：ACT、CLAIM、EMERGENCY_END）加期限（days、months）',
    en: 'give a date (until), or a start (after: ACT, CLAIM, EMERGENCY_END) with a period (days, months)',
  }),
  RECORDS_DEFERRAL_START_UNKNOWN: (p: { allowed: readonly string[] }) => ({
    zh: `须为 ${p.allowed.join('、')} 之一`,
    en: `must be one of ${p.allowed.join(', ')}`,
  }),
  RECORDS_DEFERRAL_OUT_OF_RANGE: (p: { max: number; got: number }) => ({
    zh: `须为 0 至 ${p.max} 的整数，收到 ${p.got}`,
    en: `must be a whole number from 0 to ${p.max}, got ${p.got}`,
  }),
  RECORDS_DEFERRAL_ZERO: () => ({
    zh: '暂缓期限不能为零：请给出 days 或 months',
    en: 'the deferral cannot be zero: give days or months',
  }),

  // One reported item (records and licences).
  RECORDS_DECISION_DATE_FUTURE: (p: { value: string; today: string }) => ({
    zh: `${p.value} 在今天（中国时间 ${p.today}）之后：决定日期不能在将来`,
    en: `${p.value} is after today (${p.today}, China time): a decision date cannot be in the future`,
  }),
  RECORDS_DECISION_DATE_TOO_EARLY: (p: { earliest: string }) => ({
    zh: `不能早于 ${p.earliest}`,
    en: `must not be before ${p.earliest}`,
  }),
  RECORDS_SUBJECT_BOTH_IDS: () => ({
    zh: '请只填写统一社会信用代码（creditCode）或身份证号码（idNumber）之一，不能同时填写',
    en: 'give either creditCode or idNumber, not both',
  }),
  RECORDS_SUBJECT_NO_ID: () => ({
    zh: '请填写组织的统一社会信用代码（creditCode）或自然人的身份证号码（idNumber）',
    en: 'give the creditCode of an organisation or the idNumber of a natural person',
  }),
  RECORDS_CREDIT_CODE_HISTORIC_HINT: (p: { check: Message }) => ({
    zh: `${p.check.zh}（如为登记机关发放、校验不通过的历史代码，请设 historicCode: true 以标注后接收）`,
    en: `${p.check.en} (set historicCode: true to accept a registry code that fails the check, flagged)`,
  }),
  RECORDS_CATEGORY_EMPTY: () => ({
    zh: '为空：请填写记录类别代码（如 PRICE_GOUGING）',
    en: 'is empty: give the code of the record category (e.g. PRICE_GOUGING)',
  }),
  RECORDS_CATEGORY_UNKNOWN: (p: { category: string }) => ({
    zh: `“${p.category}”不是记录类别代码：可报送的类别见 memberUnit { reportableCategories }`,
    en: `"${p.category}" is not a record category code: see memberUnit { reportableCategories } for the categories you may report`,
  }),
  RECORDS_CATEGORY_NOT_REPORTABLE: (p: { code: string; label: string; unitId: string }) => ({
    zh: `${p.code}（${p.label}）不在单位 ${p.unitId} 可报送的类别之内`,
    en: `${p.code} is not among the categories unit ${p.unitId} may report`,
  }),
  RECORDS_CATEGORY_NOT_FOR_PERSONS: (p: { code: string; label: string }) => ({
    zh: `${p.code}（${p.label}）不适用于自然人`,
    en: `${p.code} does not apply to natural persons`,
  }),
  RECORDS_CATEGORY_PERSONS_ONLY: (p: { code: string; label: string }) => ({
    zh: `${p.code}（${p.label}）仅适用于自然人`,
    en: `${p.code} applies to natural persons only`,
  }),
  RECORDS_UNIT_REFERENCE_EMPTY: () => ({
    zh: '不能为空：请填写本单位识别该记录的文书号',
    en: 'is empty: give the document number that identifies this record in your unit',
  }),
  RECORDS_SEVERITY_UNKNOWN: (p: { value: string; allowed: readonly string[] }) => ({
    zh: `“${p.value}”不是失信程度：须为 ${p.allowed.join('、')} 之一`,
    en: `"${p.value}" is not a severity: must be one of ${p.allowed.join(', ')}`,
  }),
  RECORDS_NEGATIVE_ONLY: (p: { code: string; kind: string }) => ({
    zh: `仅适用于失信（负面）记录；${p.code} 的记录类型为 ${p.kind}`,
    en: `applies only to negative records; ${p.code} is ${p.kind}`,
  }),
  RECORDS_DEADLINE_BEFORE_DECISION: () => ({
    zh: '整改期限早于决定日期',
    en: 'is before the decision date',
  }),
  RECORDS_DEADLINE_REQUIRED: (p: { code: string; label: string }) => ({
    zh: `必须填写：${p.code}（${p.label}）须在期限内整改`,
    en: `is required: ${p.code} must be rectified by a deadline`,
  }),
  RECORDS_BREACH_NOT_AN_ID: () => ({
    zh: '不是记录的 id',
    en: 'is not the id of a record',
  }),
  RECORDS_BREACH_NOT_NEGATIVE: (p: { code: string; kind: string }) => ({
    zh: `只有失信（负面）记录才能违反信用承诺；${p.code} 的记录类型为 ${p.kind}`,
    en: `only a negative record can breach a commitment; ${p.code} is ${p.kind}`,
  }),
  RECORDS_BREACH_NO_COMMITMENT: () => ({
    zh: '所指记录不是信用承诺记录',
    en: 'names no commitment record',
  }),
  RECORDS_BREACH_OTHER_SUBJECT: () => ({
    zh: '所指信用承诺属于另一信用主体',
    en: "is another subject's commitment",
  }),
  RECORDS_TOLERANCE_CAUSE_UNKNOWN: (p: { value: string; allowed: readonly string[] }) => ({
    zh: `“${p.value}”不是包容审慎原因：须为 ${p.allowed.join('、')} 之一`,
    en: `"${p.value}" is not a tolerance cause: must be one of ${p.allowed.join(', ')}`,
  }),
  RECORDS_TOLERANCE_EVIDENCE_EMPTY: () => ({
    zh: '不能为空：请说明所主张原因的证据',
    en: 'is empty: describe the evidence of the cause claimed',
  }),
  RECORDS_CERTIFICATE_UNKNOWN: () => ({
    zh: '未找到已出具的该不可抗力事实性证明书（刚出具的证明书数秒内可查到）',
    en: 'names no issued certificate (one issued moments ago is known within seconds)',
  }),
  RECORDS_CERTIFICATE_OTHER_SUBJECT: () => ({
    zh: '该证明书出具给另一信用主体',
    en: "is another subject's certificate",
  }),
  RECORDS_CERTIFICATE_PERIOD: (p: { number: string; from: string; to: string; act: string }) => ({
    zh: `不可抗力事实性证明书${p.number}证明的期间为${p.from}至${p.to}，不包含失信行为发生日（决定日期）${p.act}：证明书的期间须覆盖行为发生之日`,
    en: `certificate ${p.number} covers ${p.from} to ${p.to}, not the day of the act (the decision date) ${p.act}: its period must cover the act`,
  }),
  RECORDS_NOT_STORED: () => ({
    zh: '未能保存，请重新报送',
    en: 'could not be stored; send it again',
  }),

  // 双公示 penalty details.
  RECORDS_AMOUNT_INVALID: (p: { value: string }) => ({
    zh: `须为大于零的十进制数（单位：万元），整数部分至多12位、小数部分至多6位，不带符号、不用科学计数法，如 0.5 或 12.35；收到 "${p.value}"`,
    en: `must be a decimal number above zero (in units of 10,000 yuan), at most 12 integer and 6 fraction digits, no sign, no exponent, e.g. 0.5 or 12.35; got "${p.value}"`,
  }),
  RECORDS_PENALTY_NOT_A_PENALTY: (p: { code: string; label: string; kind: string }) => ({
    zh: `仅行政处罚报送双公示处罚信息；${p.code}（${p.label}）不是行政处罚（${p.kind}），请删除 penalty`,
    en: `only administrative penalties carry penalty details; ${p.code} is not one (${p.kind}): remove penalty`,
  }),
  RECORDS_PENALTY_REQUIRED: (p: { code: string; label: string }) => ({
    zh: `${p.code}（${p.label}）是行政处罚，须报送双公示信息 penalty：处罚类别、处罚内容，以及处罚类别要求的罚款金额、没收金额或证照名称及编号`,
    en: `${p.code} is an administrative penalty: report its penalty details (types, content, and the fine, the amount confiscated or the licence affected that the types call for)`,
  }),
  RECORDS_PENALTY_TYPES_EMPTY: () => ({
    zh: '为空：至少填报一种处罚类别',
    en: 'is empty: give at least one penalty type',
  }),
  RECORDS_PENALTY_TYPES_UNKNOWN: (p: { values: readonly string[] }) => ({
    zh: `不是处罚类别：${p.values.join('、')}`,
    en: `not penalty types: ${p.values.join(', ')}`,
  }),
  RECORDS_PENALTY_TYPES_REPEATED: (p: { types: readonly string[]; named: readonly string[] }) => ({
    zh: `处罚类别重复填报：${p.named.join('、')}`,
    en: `penalty types given twice: ${p.types.join(', ')}`,
  }),
  RECORDS_PENALTY_DETENTION_PERSONS_ONLY: (p: { named: string }) => ({
    zh: `${p.named}只适用于自然人`,
    en: 'DETENTION applies to natural persons only',
  }),
  RECORDS_PENALTY_CONTENT_EMPTY: () => ({
    zh: '为空：请填写处罚内容（处罚决定的具体内容）',
    en: 'is empty: give the content of the penalty decision',
  }),
  RECORDS_PENALTY_DETAIL_REQUIRED: (p: { types: readonly string[]; named: readonly string[]; what: string; whatEn: string }) => ({
    zh: `为空：处罚类别含${p.named.join('或')}，须填报${p.what}`,
    en: `is empty: the penalty types include ${p.types.join(' or ')}, which calls for ${p.whatEn}`,
  }),
  RECORDS_PENALTY_DETAIL_NOT_APPLICABLE: (p: { types: readonly string[]; named: readonly string[]; what: string; whatEn: string }) => ({
    zh: `仅在处罚类别含${p.named.join('或')}时填报${p.what}`,
    en: `give ${p.whatEn} only when the penalty types include ${p.types.join(' or ')}`,
  }),

  // Administrative licences.
  RECORDS_LICENCE_DECISION_NUMBER_EMPTY: () => ({
    zh: '不能为空：请填写行政许可决定文书号',
    en: 'is empty: give the licence decision document number',
  }),
  RECORDS_LICENCE_CONTENT_EMPTY: () => ({
    zh: '不能为空：请填写许可内容',
    en: 'is empty: say what is licensed',
  }),
  RECORDS_LICENCE_TYPE_UNKNOWN: (p: { value: string; allowed: readonly string[] }) => ({
    zh: `“${p.value}”不是许可类别：须为 ${p.allowed.join('、')} 之一`,
    en: `unknown licence type ${p.value}; one of ${p.allowed.join(', ')}`,
  }),
  RECORDS_LICENCE_VALID_UNTIL_BEFORE_FROM: (p: { until: string; from: string }) => ({
    zh: `有效期至 ${p.until} 早于有效期自 ${p.from}`,
    en: `valid until ${p.until} is before valid from ${p.from}`,
  }),
});
