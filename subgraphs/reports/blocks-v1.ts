import { chinaDateTime } from '../kit/time.js';
import type { Block } from './text.js';

/**
 * The layout of format 1 (xinyong-taicang/public-credit-report/1), frozen: reports issued before the
 * national standard's layout still verify, online and offline, because their text is rebuilt exactly as
 * it was printed. Never change this file; a new layout is a new format.
 */
export const FORMAT_V1 = 'xinyong-taicang/public-credit-report/1';

interface RecordV1 {
  category: string;
  label: string;
  severity: string | null;
  status: string;
  decisionDate: string;
  reportingUnit: string | null;
  publicUntil: string | null;
}

export interface ContentV1 {
  number: string;
  audience: string;
  issuedAt: string;
  issuer: string;
  subject: Record<string, unknown>;
  sections: { title: string; records: RecordV1[] }[];
  lists: { list: string; reason: string; since: string; until: string | null }[];
  supervision: { level: string; reason: string } | null;
  openObjections: { number: string; submittedAt: string; verifyBy: string }[] | null;
  ruleVersions: { disclosure: string[]; report: string; notice: string };
}

const LIST_LABELS: Record<string, string> = {
  RED: '诚信典型（红名单）',
  KEY_ATTENTION: '重点关注名单',
  JOINT_PUNISHMENT: '联合惩戒对象名单',
};
const SEVERITY: Record<string, string> = { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' };
const STATUS: Record<string, string> = {
  ACTIVE: '有效',
  DISPUTED: '异议处理中',
  REPAIRED: '已信用修复',
  WITHDRAWN: '已撤销',
  EXEMPTED: '免予认定失信',
  DEFERRED: '暂缓报送',
};
const KIND: Record<string, string> = {
  LEGAL_PERSON: '法人',
  INDIVIDUAL_BUSINESS: '个体工商户',
  OTHER_ORGANISATION: '其他组织',
  NATURAL_PERSON: '自然人',
};
const SUBJECT_STATUS: Record<string, string> = { ACTIVE: '存续', REVOKED: '吊销', CANCELLED: '注销' };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function recordLine(r: RecordV1): string {
  const severity = r.severity ? `（${SEVERITY[r.severity] ?? r.severity}）` : '';
  const until = r.publicUntil ? `，公示截止${r.publicUntil}` : '';
  return `${r.decisionDate} ${r.label}${severity}，${r.reportingUnit ?? '—'}，${STATUS[r.status] ?? r.status}${until}`;
}

export function blocksV1(content: ContentV1, verifyUrl: string): Block[] {
  const s = content.subject as Record<string, string | null>;
  const blocks: Block[] = [
    { style: 'title', text: '公共信用信息报告' },
    { style: 'meta', text: `报告编号：${content.number}` },
    { style: 'meta', text: `出具时间：${chinaDateTime(content.issuedAt)}（北京时间）` },
    { style: 'meta', text: `出具机构：${content.issuer}` },
    {
      style: 'meta',
      text: `报告版本：${content.audience === 'PUBLIC' ? '公开版（仅含依法公开的信息）' : '主体完整版（含未公开信息，仅供主体本人使用）'}`,
    },
  ];
  let n = 0;
  const heading = (title: string) => blocks.push({ style: 'heading', text: `${NUMERALS[n++]}、${title}` });
  heading('主体登记信息');
  const registration: [string, string | null | undefined][] = [
    ['名称', s.name],
    ['统一社会信用代码', s.creditCode],
    ['身份证号', s.idNumberMasked],
    ['主体类型', KIND[s.kind ?? ''] ?? s.kind],
    ['法定代表人', s.legalRepresentative],
    ['注册地址', s.registeredAddress],
    ['所在镇区', s.district],
    ['所属行业', s.industry],
    ['成立日期', s.registeredOn],
    ['登记状态', SUBJECT_STATUS[s.status ?? ''] ?? s.status],
  ];
  for (const [label, value] of registration) if (value) blocks.push({ style: 'line', text: `${label}：${value}` });
  for (const section of content.sections) {
    heading(`${section.title}（${section.records.length}条）`);
    if (!section.records.length) blocks.push({ style: 'line', text: '无' });
    for (const record of section.records) blocks.push({ style: 'line', text: recordLine(record) });
  }
  heading('联合奖惩名单');
  if (!content.lists.length) blocks.push({ style: 'line', text: '未列入' });
  for (const m of content.lists)
    blocks.push({ style: 'line', text: `${LIST_LABELS[m.list] ?? m.list}：${m.since}起${m.until ? `至${m.until}` : ''}，${m.reason}` });
  if (content.supervision) {
    heading('信用监管等级');
    blocks.push({ style: 'line', text: `${content.supervision.level}级：${content.supervision.reason}` });
  }
  if (content.openObjections) {
    heading('异议处理中');
    if (!content.openObjections.length) blocks.push({ style: 'line', text: '无' });
    for (const o of content.openObjections)
      blocks.push({ style: 'line', text: `${o.number}：${chinaDateTime(o.submittedAt).slice(0, 10)}提出，核实期限${o.verifyBy}` });
  }
  heading('适用规则');
  blocks.push({ style: 'line', text: `公示规则：${content.ruleVersions.disclosure.join('；') || '—'}` });
  blocks.push({ style: 'line', text: `依据：${content.ruleVersions.notice}；报告格式：${content.ruleVersions.report}` });
  blocks.push({ style: 'note', text: `验真：扫描二维码或访问 ${verifyUrl} ，输入报告编号核验报告是否真实、未被篡改。` });
  return blocks;
}
