import type { ReportContent, ReportRecord } from './compose.js';

/** What a report shows, in order: the HTML and PDF render the same blocks, and verification reads them back. */
export interface Block {
  style: 'title' | 'meta' | 'heading' | 'line' | 'note';
  text: string;
}

const LIST_LABELS: Record<string, string> = { RED: '诚信典型（红名单）', KEY_ATTENTION: '重点关注名单', JOINT_PUNISHMENT: '联合惩戒对象名单' };
const SEVERITY: Record<string, string> = { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' };
const STATUS: Record<string, string> = { ACTIVE: '有效', DISPUTED: '异议处理中', REPAIRED: '已信用修复', WITHDRAWN: '已撤销', EXEMPTED: '免予认定失信', DEFERRED: '暂缓报送' };
const KIND: Record<string, string> = { LEGAL_PERSON: '法人', INDIVIDUAL_BUSINESS: '个体工商户', OTHER_ORGANISATION: '其他组织', NATURAL_PERSON: '自然人' };
const SUBJECT_STATUS: Record<string, string> = { ACTIVE: '存续', REVOKED: '吊销', CANCELLED: '注销' };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** YYYY-MM-DD HH:mm in Taicang (UTC+8, no daylight saving). */
export function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
}

function recordLine(r: ReportRecord): string {
  const severity = r.severity ? `（${SEVERITY[r.severity] ?? r.severity}）` : '';
  const until = r.publicUntil ? `，公示截止${r.publicUntil}` : '';
  return `${r.decisionDate} ${r.label}${severity}，${r.reportingUnit ?? '—'}，${STATUS[r.status] ?? r.status}${until}`;
}

export function reportBlocks(content: ReportContent, verifyUrl: string): Block[] {
  const s = content.subject as Record<string, string | null>;
  const blocks: Block[] = [
    { style: 'title', text: '公共信用信息报告' },
    { style: 'meta', text: `报告编号：${content.number}` },
    { style: 'meta', text: `出具时间：${chinaTime(content.issuedAt)}（北京时间）` },
    { style: 'meta', text: `出具机构：${content.issuer}` },
    { style: 'meta', text: `报告版本：${content.audience === 'PUBLIC' ? '公开版（仅含依法公开的信息）' : '主体完整版（含未公开信息，仅供主体本人使用）'}` },
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
  for (const m of content.lists) blocks.push({ style: 'line', text: `${LIST_LABELS[m.list] ?? m.list}：${m.since}起${m.until ? `至${m.until}` : ''}，${m.reason}` });
  if (content.supervision) {
    heading('信用监管等级');
    blocks.push({ style: 'line', text: `${content.supervision.level}级：${content.supervision.reason}` });
  }
  if (content.openObjections) {
    heading('异议处理中');
    if (!content.openObjections.length) blocks.push({ style: 'line', text: '无' });
    for (const o of content.openObjections) blocks.push({ style: 'line', text: `${o.number}：${chinaTime(o.submittedAt).slice(0, 10)}提出，核实期限${o.verifyBy}` });
  }
  heading('适用规则');
  blocks.push({ style: 'line', text: `公示规则：${content.ruleVersions.disclosure.join('；') || '—'}` });
  blocks.push({ style: 'line', text: `依据：${content.ruleVersions.notice}；报告格式：${content.ruleVersions.report}` });
  blocks.push({ style: 'note', text: `验真：扫描二维码或访问 ${verifyUrl} ，输入报告编号核验报告是否真实、未被篡改。` });
  return blocks;
}

/** The line under the blocks, as both renderers print it: who signed and the signature (base64url). */
export function signatureLine(keyId: string, signature: string): string {
  return `电子签名（Ed25519，密钥标识 ${keyId}）：${signature}`;
}

/** Everything a copy of the report must say, in order: the blocks of the signed content and the signature line. */
export function reportText(content: ReportContent, verifyUrl: string, keyId: string, signature: string): string[] {
  return [...reportBlocks(content, verifyUrl).map((block) => block.text), signatureLine(keyId, signature)];
}

// Reading a copy back: the exact comparison of a document with its signed text.
// A copy is authentic only if its text equals reportText(...) after undoing what printing changes, and
// nothing else: whitespace and line breaks (reflowed by every printer), control characters (Chromium
// prints U+0001 for a space), glyph variants (a font's cmap gives the Kangxi radical ⽤ for 用, or a CJK
// compatibility ideograph), invisible format characters, and page furniture (pageFurniture below).

/** Characters a printer may substitute for the one in the report: Kangxi radicals, CJK radicals, compatibility ideographs. */
const VARIANT = /[\u2E80-\u2FDF\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/u;
/** What printing adds or drops without changing a word: whitespace, control characters, zero-width and soft hyphen. */
const IGNORED = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060\ufeff]/u;

/** The text compared, with where each of its characters came from in the original (for excerpts). */
function comparableWithMap(text: string): { text: string; from: number[] } {
  let out = '';
  const from: number[] = [];
  let at = 0;
  for (const char of text) {
    if (!IGNORED.test(char)) {
      const normal = VARIANT.test(char) ? char.normalize('NFKC') : char;
      for (const unit of normal.split('')) {
        out += unit;
        from.push(at);
      }
    }
    at += char.length;
  }
  return { text: out, from };
}

/** Text as extractors give it back, compared without layout: no whitespace or control characters, glyph variants as the characters they stand for. */
export function comparable(text: string): string {
  return comparableWithMap(text).text;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Page furniture: lines a renderer prints at the top or bottom of every page that are not the report's
 * content. A line is furniture only when the whole line is made of these tokens (compared as comparable
 * text) and it stands in the top or bottom tenth of the page, so no sentence can pass as furniture. The
 * browser's print header and footer (Chromium: date and title; the page's address and "1/2") and page
 * numbers ("第 1 页 共 2 页"). `base` is the platform's public address; without it (offline) any http(s)
 * origin. A renderer that adds its own furniture (a header with the report number) names it here.
 */
export function pageFurniture(number: string, base?: string): RegExp {
  const origin = base ? escapeRegExp(base.replace(/\/+$/, '')) : 'https?://[A-Za-z0-9.:\\[\\]-]+(?:/[A-Za-z0-9._~-]+)*';
  const tokens = [
    // A date and time as a browser's locale writes it: 12/1/26, 10:28 AM · 2026/12/1 10:28 · 2026年12月1日 10:28
    '\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4},?(?:上午|下午|AM|PM)?\\d{1,2}:\\d{2}(?::\\d{2})?(?:AM|PM)?',
    '\\d{4}年\\d{1,2}月\\d{1,2}日(?:上午|下午)?(?:\\d{1,2}:\\d{2}(?::\\d{2})?)?',
    // The page's title (a header font without Chinese glyphs prints only the number) and address.
    `(?:公共信用信息报告)?${number}`,
    `${origin}/reports/${number}\\.(?:html|pdf)`,
    // Page numbers: 1/2 · 第1页共2页 · 第1页/共2页 · Page 1 of 2
    '(?:第|Page)?\\d{1,4}页?(?:/|共|/共|of)\\d{1,4}页?',
  ];
  return new RegExp(`^(?:${tokens.join('|')})+$`);
}

export interface Difference {
  /** Text in the copy that the signed report does not have; signed text missing from it; or signed text said otherwise. */
  kind: 'added' | 'removed' | 'changed';
  /** The signed line where the copy first departs (for an addition, the line it was put before; '' at the end). */
  line: string;
  /** What the signed report says there ('' for an addition) and what the copy says ('' for a removal), shortened. */
  signed: string;
  found: string;
  /** The first difference in words, for the verification page and the offline verifier. */
  description: string;
}

const EXCERPT = 60;
/** A short excerpt for people: line breaks of the layout dropped, other spacing as one space. */
function excerpt(text: string): string {
  const flat = [...text.replace(/[\r\n]+/g, '').replace(/[\s\u0000-\u001f]+/g, ' ').trim()].map((c) => (VARIANT.test(c) ? c.normalize('NFKC') : c));
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT).join('')}…` : flat.join('');
}

/** Characters of signed text (across lines) that must follow for the copy to count as back in step. */
const RESYNC = 64;

/**
 * Compares what a copy says with what the signed report says (lines from reportText), exactly up to
 * comparable(): null when equal, else the first difference. The copy is read line by line of the signed
 * text; at the first line it does not continue with, the difference is whole lines removed (the copy goes
 * on with a later line), text added (the line comes later in the copy), whichever is shorter, or else
 * that line changed (up to where the copy goes on with the next line).
 */
export function compareText(copy: string, lines: string[]): Difference | null {
  const starts: number[] = [];
  let expected = '';
  for (const line of lines) {
    starts.push(expected.length);
    expected += comparable(line);
  }
  starts.push(expected.length);
  const found = comparableWithMap(copy);
  const actual = found.text;
  if (actual === expected) return null;
  // The signed text from line k on, as far as it must agree for the copy to be in step there.
  const from = (k: number) => expected.slice(starts[k], starts[k]! + RESYNC);
  const inStep = (k: number, p: number) => (k === lines.length ? p === actual.length : actual.startsWith(from(k), p));
  let k = 0;
  let p = 0;
  while (k < lines.length && actual.startsWith(expected.slice(starts[k], starts[k + 1]), p)) p += starts[k + 1]! - starts[k++]!;
  const original = (a: number, b: number) => (b > a ? copy.slice(found.from[a], found.from[b - 1]! + 1) : '');
  let removed = -1;
  for (let later = k + 1; later <= lines.length && removed < 0; later++) if (inStep(later, p)) removed = later;
  const again = k === lines.length ? -1 : actual.indexOf(from(k), p + 1);
  const [removedChars, addedChars] = [removed < 0 ? Infinity : starts[removed]! - starts[k]!, k === lines.length ? actual.length - p : again < 0 ? Infinity : again - p];
  if (addedChars <= removedChars && addedChars < Infinity) {
    const text = excerpt(original(p, p + addedChars));
    const where = k > 0 ? `（在「${excerpt(lines[k - 1]!)}」之后）` : '（在报告开头）';
    return { kind: 'added', line: lines[k] ?? '', signed: '', found: text, description: `增加了报告没有的内容「${text}」${where}` };
  }
  if (removedChars < Infinity) {
    const count = removed - k;
    return {
      kind: 'removed',
      line: lines[k]!,
      signed: excerpt(lines.slice(k, removed).join(' ')),
      found: '',
      description: `缺少报告中的「${excerpt(lines[k]!)}」${count > 1 ? `等 ${count} 行` : ''}`,
    };
  }
  // Changed: the copy says something else up to where it goes on with the next line (or a line's length).
  const next = k + 1 < lines.length ? actual.indexOf(from(k + 1), p) : -1;
  const end = next >= 0 ? next : Math.min(actual.length, p + starts[k + 1]! - starts[k]!);
  const text = excerpt(original(p, end));
  return { kind: 'changed', line: lines[k]!, signed: excerpt(lines[k]!), found: text, description: `「${excerpt(lines[k]!)}」被改为「${text || '（无）'}」` };
}
