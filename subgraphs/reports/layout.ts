import { blocksV1, FORMAT_V1, type ContentV1 } from './blocks-v1.js';
import { blocksV2, reportTitle } from './blocks.js';
import type { ReportContent } from './compose.js';
import { radicalEquivalents } from './font.js';
import type { Block } from './text.js';

export type { Block } from './text.js';

/**
 * What a report shows, in order, by the layout of its format: a report is always read back with the
 * layout it was printed with (format 1 is frozen in blocks-v1.ts).
 */
export function reportBlocks(content: ReportContent, verifyUrl: string): Block[] {
  return content.format === FORMAT_V1 ? blocksV1(content as unknown as ContentV1, verifyUrl) : blocksV2(content, verifyUrl);
}

/** The title a renderer prints in each page's header and the document's title. */
export function documentTitle(content: ReportContent): string {
  return content.format === FORMAT_V1 ? '公共信用信息报告' : reportTitle(content);
}

/** The header line on every page (format 2): the title and the number; the QR code stands beside it. */
export function pageHeader(content: ReportContent): string {
  return `${documentTitle(content)}  报告编号：${content.number}`;
}

/** The footer on every page (format 2). */
export function pageNumber(page: number, pages: number): string {
  return `第 ${page} 页 共 ${pages} 页`;
}

/** The line under the blocks, as both renderers print it: who signed and the signature (base64url). */
export function signatureLine(keyId: string, signature: string): string {
  return `电子签名（Ed25519，密钥标识 ${keyId}）：${signature}`;
}

/** Everything a copy of the report must say, in order: the blocks of the signed content and the signature line. */
export function reportText(content: ReportContent, verifyUrl: string, keyId: string, signature: string): string[] {
  return [
    ...reportBlocks(content, verifyUrl)
      .filter((block) => block.text)
      .map((block) => block.text),
    signatureLine(keyId, signature),
  ];
}

// Reading a copy back: the exact comparison of a document with its signed text.
// A copy is authentic only if its text equals reportText(...) after undoing what printing changes, and
// nothing else: whitespace and line breaks (reflowed by every printer), control characters (Chromium
// prints U+0001 for a space), glyph variants (a font's cmap gives the Kangxi radical ⽤ for 用, the radical ⻚ for 页 (font.ts), or a CJK
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
      const normal = VARIANT.test(char) ? (radicalEquivalents().get(char) ?? char.normalize('NFKC')) : char;
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
    // The page's title and number (a browser's print header, whose font may lack Chinese glyphs and print
    // only the number, or the renderers' own header: pageHeader), and the page's address.
    `(?:个人公共信用信息报告|公共信用信息报告|专项信用报告)?(?:报告编号：?)?${number}`,
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
  const flat = [
    ...text
      .replace(/[\r\n]+/g, '')
      .replace(/[\s\u0000-\u001f]+/g, ' ')
      .trim(),
  ].map((c) => (VARIANT.test(c) ? (radicalEquivalents().get(c) ?? c.normalize('NFKC')) : c));
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
  const [removedChars, addedChars] = [
    removed < 0 ? Infinity : starts[removed]! - starts[k]!,
    k === lines.length ? actual.length - p : again < 0 ? Infinity : again - p,
  ];
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
  return {
    kind: 'changed',
    line: lines[k]!,
    signed: excerpt(lines[k]!),
    found: text,
    description: `「${excerpt(lines[k]!)}」被改为「${text || '（无）'}」`,
  };
}
