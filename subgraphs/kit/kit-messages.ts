import { messages, type Texts } from './messages.js';

/** What each operation limit (kit/operation-limits.ts) measures. */
const LIMIT_LABELS = {
  depth: { zh: '查询嵌套层数', en: 'depth' },
  aliases: { zh: '别名数量', en: 'aliases' },
  directives: { zh: '指令数量', en: 'directives' },
  tokens: { zh: '查询文本的记号数量', en: 'tokens' },
  rootFields: { zh: '根字段数量', en: 'root fields' },
  cost: { zh: '查询的估算成本', en: 'estimated cost' },
} as const;

/** The refusals the kit itself writes: identifiers, scalars, pages, text, the audit trail and field rules. */
export const KIT_MESSAGES = messages({
  EMPTY: () => ({ zh: '不能为空', en: 'is empty' }),
  WRONG_LENGTH: (p: { expected: number; got: number }) => ({
    zh: `应为 ${p.expected} 位，收到 ${p.got} 位`,
    en: `must be ${p.expected} characters, got ${p.got}`,
  }),
  CREDIT_CODE_BAD_CHARACTER: (p: { char: string; position: number }) => ({
    zh: `第 ${p.position} 位的字符“${p.char}”不允许（统一社会信用代码只用 0-9 和 A-H、J-N、P-R、T、U、W、X、Y）`,
    en: `character '${p.char}' at position ${p.position} is not allowed (allowed: 0-9 and A-H J-N P-R T U W X Y)`,
  }),
  CREDIT_CODE_REGION_NOT_DIGITS: () => ({
    zh: '第 3-8 位（登记管理机关行政区划码）须为数字',
    en: 'positions 3-8 (region code) must be digits',
  }),
  CREDIT_CODE_CHECK_CHARACTER: (p: { expected: string; got: string }) => ({
    zh: `校验码应为“${p.expected}”，收到“${p.got}”：请核对统一社会信用代码是否抄错`,
    en: `check character should be '${p.expected}', got '${p.got}'`,
  }),
  ID_NUMBER_BAD_CHARACTER: (p: { char: string; position: number }) => ({
    zh: `第 ${p.position} 位的字符“${p.char}”不允许（身份证号码为 17 位数字加一位数字或 X）`,
    en: `character '${p.char}' at position ${p.position} is not allowed (17 digits then a digit or X)`,
  }),
  ID_NUMBER_BIRTH_DATE_INVALID: (p: { date: string }) => ({
    zh: `出生日期 ${p.date} 不是有效日期`,
    en: `birth date ${p.date} is not a real date`,
  }),
  ID_NUMBER_BIRTH_DATE_TOO_EARLY: (p: { date: string }) => ({
    zh: `出生日期 ${p.date} 早于 1850-01-01`,
    en: `birth date ${p.date} is before 1850-01-01`,
  }),
  ID_NUMBER_BIRTH_DATE_FUTURE: (p: { date: string }) => ({
    zh: `出生日期 ${p.date} 在今天之后`,
    en: `birth date ${p.date} is in the future`,
  }),
  ID_NUMBER_CHECK_CHARACTER: (p: { expected: string; got: string }) => ({
    zh: `校验码应为“${p.expected}”，收到“${p.got}”：请核对身份证号码是否抄错`,
    en: `check character should be '${p.expected}', got '${p.got}'`,
  }),
  DATE_INVALID: (p: { value: string }) => ({
    zh: `应为有效日历日期（YYYY-MM-DD），收到 ${p.value}`,
    en: `expected a real calendar date as YYYY-MM-DD, got ${p.value}`,
  }),
  DATE_TIME_INVALID: (p: { value: string }) => ({
    zh: `应为 ISO 8601 时间（如 2026-12-03T08:00:00+08:00），收到 ${p.value}`,
    en: `expected an ISO 8601 instant, got ${p.value}`,
  }),
  CURSOR_INVALID: () => ({
    zh: '不是本接口返回的分页游标：请使用上一页 pageInfo.endCursor 的值',
    en: 'is not a cursor returned by this API',
  }),
  PAGE_SIZE_OUT_OF_RANGE: (p: { max: number; got: number }) => ({
    zh: `每页条数须在 1 到 ${p.max} 之间，收到 ${p.got}`,
    en: `must be between 1 and ${p.max}, got ${p.got}`,
  }),
  TEXT_TOO_LONG: (p: { max: number; got: number }) => ({
    zh: `最多 ${p.max} 个字符，收到 ${p.got} 个`,
    en: `must be at most ${p.max} characters, got ${p.got}`,
  }),
  AUDIT_LIMIT_OUT_OF_RANGE: (p: { max: number; got: number }) => ({
    zh: `条数须在 1 到 ${p.max} 之间，收到 ${p.got}`,
    en: `must be between 1 and ${p.max}, got ${p.got}`,
  }),
  AUDIT_RANGE_REVERSED: () => ({ zh: '起始时间不能晚于 filter.to', en: 'must not be after filter.to' }),
  TEXT_NUL: () => ({ zh: '含有无法存储的字符（U+0000 空字符）', en: 'contains a character that cannot be stored (U+0000)' }),
  TEXT_LONE_SURROGATE: (p: { codePoint: string }) => ({
    zh: `含有不成对的代理项（${p.codePoint}），不是有效的 Unicode 文本`,
    en: `contains an unpaired surrogate (${p.codePoint}): not valid Unicode text`,
  }),
  INTERNAL_ERROR: () => ({ zh: '服务器内部错误', en: 'Internal server error' }),
  OPERATION_LIMIT_EXCEEDED: (p: { limit: keyof typeof LIMIT_LABELS; max: number; found?: number }) => ({
    zh: `${LIMIT_LABELS[p.limit]?.zh ?? p.limit}超过上限 ${p.max}${p.found === undefined ? '' : `，本次为 ${p.found}`}`,
    en: `operation exceeds the ${LIMIT_LABELS[p.limit]?.en ?? p.limit} limit of ${p.max}${p.found === undefined ? '' : `: it has ${p.found}`}`,
  }),
  /** A template: rateLimited() gives the composed text the code of `what`, the budget that ran out. */
  TOO_MANY_REQUESTS: (p: { what: Texts; seconds: number }) => ({
    zh: `${p.what.zh}：请求过于频繁，请在 ${p.seconds} 秒后重试`,
    en: `${p.what.en}: too many requests; retry after ${p.seconds} s`,
  }),
  QUERY_CODE_ATTEMPTS_TOO_MANY: () => ({ zh: '错误的查询码次数过多', en: 'too many wrong query codes' }),
  AUDIT_TRAIL_CREDIT_OFFICE_ONLY: () => ({ zh: '审计记录只向市信用办开放', en: 'the audit trail is open to the credit office only' }),
});
