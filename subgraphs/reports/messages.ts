import { messages } from '../kit/messages.js';

/**
 * What the reports subgraph says to people: who is issued which report, a special report's period and fields,
 * too many reports asked for, and the answers of the report documents and /reports/verify (read by banks and
 * tender committees). The verification page itself (verify-page.ts) and a report's findings stay Chinese.
 */
export const REPORTS_MESSAGES = messages({
  REPORTS_SPECIAL_REPORT_SELF_ONLY: () => ({
    zh: '专项信用报告只出具给主体本人（及市信用办）',
    en: 'a special report is issued to the subject itself and the credit office',
  }),
  REPORTS_FULL_REPORT_SELF_ONLY: () => ({
    zh: '完整信用报告只出具给主体本人（及市信用办）；公开信用报告任何人都可以查询',
    en: 'the full report is issued to the subject itself (and the credit office); anyone may have the public one',
  }),
  REPORTS_SUBJECT_NOT_FOUND: (p: { id: string }) => ({
    zh: `没有主体 ${p.id} 的信用档案`,
    en: `subject ${p.id} not found`,
  }),
  REPORTS_PUBLIC_FILE_NOT_FOUND: (p: { id: string }) => ({
    zh: `没有可公开查询信用档案的组织 ${p.id}`,
    en: `organisation ${p.id} with a public credit file not found`,
  }),
  REPORTS_DATA_UNREADABLE: (p: { detail: string }) => ({
    zh: `无法读取出具报告所需的数据：${p.detail}`,
    en: `the report's data could not be read: ${p.detail}`,
  }),
  REPORTS_TOO_MANY_REPORT_REQUESTS: (p: { seconds: number }) => ({
    zh: `本地址查询信用报告过多，请在 ${p.seconds} 秒后重试`,
    en: `too many credit report requests from this address; retry after ${p.seconds} s`,
  }),
  REPORTS_TOO_MANY_NEW_REPORTS: (p: { seconds: number }) => ({
    zh: `本地址新开具的信用报告过多，请在 ${p.seconds} 秒后重试`,
    en: `too many new reports from this address; retry after ${p.seconds} s`,
  }),
  // The special report's request (special.ts).
  REPORTS_SPECIAL_FIELDS_EMPTY: () => ({ zh: '请至少选择一个查询领域', en: 'choose at least one field' }),
  REPORTS_SPECIAL_FIELD_UNKNOWN: (p: { field: string }) => ({
    zh: `未知的查询领域 ${p.field}`,
    en: `unknown field ${p.field}`,
  }),
  REPORTS_SPECIAL_PERIOD_REVERSED: (p: { from: string; to: string }) => ({
    zh: `查询期间的起始日期 ${p.from} 晚于截止日期 ${p.to}`,
    en: `from ${p.from} is after to ${p.to}`,
  }),
  REPORTS_SPECIAL_PERIOD_IN_FUTURE: (p: { to: string; today: string }) => ({
    zh: `查询期间的截止日期 ${p.to} 晚于今天 ${p.today}：报告只能说明已经过去的期间`,
    en: `to ${p.to} is after today ${p.today}: a report can only speak of a period that has passed`,
  }),
  REPORTS_SPECIAL_PERIOD_TOO_LONG: () => ({ zh: '查询期间最长五年', en: 'the period is at most five years' }),
  // The report documents and /reports/verify (documents.ts): JSON `error` and plain-text answers.
  REPORTS_FILE_CHECKS_TOO_MANY: (p: { seconds: number }) => ({
    zh: `本地址核验报告文件过多，请在 ${p.seconds} 秒后重试`,
    en: `too many file checks from this address; retry after ${p.seconds} s`,
  }),
  REPORTS_VERIFY_DOCUMENT_MISSING: () => ({
    zh: '请将要核验的报告文件（PDF 或 HTML）作为请求正文发送',
    en: 'send the document as the request body',
  }),
  REPORTS_VERIFY_NUMBER_UNKNOWN: () => ({ zh: '没有这个编号的信用报告', en: 'no report has this number' }),
  REPORTS_DOCUMENT_UNAVAILABLE: () => ({
    zh: '没有这个编号的信用报告，或您无权查看',
    en: 'No report with this number is available to you.',
  }),
  REPORTS_DOCUMENT_FAILED: () => ({ zh: '报告暂时无法提供，请稍后重试', en: 'The report could not be served.' }),
});
