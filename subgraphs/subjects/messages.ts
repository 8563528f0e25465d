import { messages, type Message } from '../kit/messages.js';

/**
 * What the subjects subgraph says to people: the registry's and the credit office's refusals (registerSubjects,
 * designateSubjects, their per-item problems), a bad credit code asked for, and who may read a restricted field.
 */
export const SUBJECTS_MESSAGES = messages({
  SUBJECTS_BATCH_TOO_LARGE: (p: { max: number; got: number }) => ({
    zh: `每次最多提交 ${p.max} 条，收到 ${p.got} 条：请分批提交`,
    en: `at most ${p.max} items per call, got ${p.got}; split the batch`,
  }),
  SUBJECTS_DESIGNATION_REASON_REQUIRED: () => ({
    zh: '须填写认定依据（如所依据的名单或文件）',
    en: 'is required: the basis of the designation (e.g. the list it comes from)',
  }),
  SUBJECTS_DUPLICATE_IN_CALL: (p: { first: number }) => ({
    zh: `同一主体在本次认定中重复出现（见 input[${p.first}]），每个主体只能出现一次`,
    en: `the same credit file appears twice in this call (see input[${p.first}]); each may appear once`,
  }),
  SUBJECTS_UNKNOWN_SUBJECT: () => ({ zh: '没有该主体的信用档案', en: 'no credit file has this id' }),
  SUBJECTS_NOT_STORED: () => ({ zh: '未能保存，请重新提交该条', en: 'could not be stored; send this item again' }),
  SUBJECTS_CREDIT_CODE_INVALID: (p: { why: Message }) => ({
    zh: `统一社会信用代码不符合 GB 32100-2015（${p.why.zh}）`,
    en: `not a valid unified social credit code under GB 32100-2015 (${p.why.en})`,
  }),
  SUBJECTS_CREDIT_CODE_HISTORIC_NOT_FLAGGED: (p: { expected: string; got: string }) => ({
    zh: `统一社会信用代码校验位应为“${p.expected}”，实为“${p.got}”；登记机关的历史代码请设 historicCode: true（将标记为校验未通过）`,
    en: `the check character should be '${p.expected}', got '${p.got}'; for a registry's historic code set historicCode: true (it is flagged as failing the check)`,
  }),
  SUBJECTS_NAME_EMPTY: () => ({ zh: '名称不能为空', en: 'the name is empty' }),
  SUBJECTS_NAME_REQUIRED_FOR_NEW_FILE: () => ({ zh: '新建信用档案须提供名称', en: 'a new credit file needs a name' }),
  SUBJECTS_TEXT_TOO_LONG: (p: { max: number; got: number }) => ({
    zh: `最多 ${p.max} 个字符，实为 ${p.got} 个`,
    en: `at most ${p.max} characters, got ${p.got}`,
  }),
  SUBJECTS_PERSON_NOT_REGISTRABLE: () => ({
    zh: '自然人没有登记信息：只能登记法人、非法人组织或个体工商户',
    en: 'a natural person has no registration data: only legal persons, other organisations and individual businesses are registered',
  }),
  SUBJECTS_DATE_INVALID: (p: { value: string }) => ({
    zh: `“${p.value}”不是有效日历日期（YYYY-MM-DD）`,
    en: `'${p.value}' is not a real calendar date (YYYY-MM-DD)`,
  }),
  SUBJECTS_DATE_TOO_EARLY: (p: { value: string; earliest: string }) => ({
    zh: `${p.value} 早于 ${p.earliest}`,
    en: `${p.value} is before ${p.earliest}`,
  }),
  SUBJECTS_DATE_IN_FUTURE: (p: { value: string; today: string }) => ({
    zh: `${p.value} 晚于今天（${p.today}，北京时间）`,
    en: `${p.value} is after today (${p.today}, China time)`,
  }),
  SUBJECTS_DATE_ORDER: (p: { approvedOn: string; registeredOn: string }) => ({
    zh: `核准日期 ${p.approvedOn} 早于成立日期 ${p.registeredOn}`,
    en: `approvedOn ${p.approvedOn} is before registeredOn ${p.registeredOn}`,
  }),
  SUBJECTS_AMOUNT_INVALID: (p: { amount: string }) => ({
    zh: `“${p.amount}”不是有效金额：应为正的十进制数（单位万元），整数最多 12 位、小数最多 6 位，不带正负号、指数或千分位`,
    en: `'${p.amount}' is not a valid amount: a positive decimal in 10,000 yuan, at most 12 integer and 6 fraction digits, without sign, exponent or separators`,
  }),
  SUBJECTS_AMOUNT_NOT_POSITIVE: () => ({ zh: '金额必须大于 0', en: 'the amount must be greater than 0' }),
  // Field policy (policy.ts): who may read or call.
  SUBJECTS_STATISTICS_RESTRICTED: () => ({
    zh: '统计数据仅向分析人员、成员单位和市信用办开放',
    en: 'statistics are for analysts, member units and the credit office',
  }),
  SUBJECTS_PERSON_NAME_RESTRICTED: () => ({
    zh: '自然人的完整姓名仅向本人、市信用办和执法单位显示',
    en: "a person's name is shown in full only to the person, the credit office and enforcement units",
  }),
  SUBJECTS_ID_NUMBER_RESTRICTED: () => ({
    zh: '完整身份证号码仅向本人和市信用办显示',
    en: 'the full ID number is shown only to the person and the credit office',
  }),
  SUBJECTS_PERSON_ADDRESS_RESTRICTED: () => ({
    zh: '自然人的住址属于联系信息：仅向本人、市信用办和执法单位显示',
    en: "a person's address is contact data: only the person, the credit office and enforcement units",
  }),
  SUBJECTS_REGISTER_RESTRICTED: () => ({
    zh: '只有登记机关（具有市场监管职责的成员单位）和市信用办可以登记组织',
    en: 'only the registry (a unit holding MARKET_REGULATION) and the credit office register organisations',
  }),
  SUBJECTS_DESIGNATE_RESTRICTED: () => ({
    zh: '只有市信用办可以认定重点群体',
    en: 'only the credit office designates key groups',
  }),
});
