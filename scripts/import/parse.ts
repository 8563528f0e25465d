import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { RecordReportInput } from '../../subgraphs/records/intake.js';

/** One refused line's field and reason as the import writes it: the text (Chinese, as intake renders it by default). */
export interface Problem {
  field: string;
  reason: string;
}
import { isPenaltyType, PENALTY_TYPES, type PenaltyInput, type PenaltyType } from '../../subgraphs/records/penalty.js';

/**
 * The CSV header, one column per field; JSON lines carry either these flat fields or the GraphQL input shape.
 * The last five are a penalty's 双公示 fields (penalty.types, .content, .fineAmount, .confiscatedAmount,
 * .licenceAffected): penaltyTypes lists codes or their Chinese labels separated by | or ; (FINE|CONFISCATION,
 * 罚款;没收违法所得、没收非法财物); amounts are 万元 as written (0.5, 12.35).
 */
export const CSV_COLUMNS = [
  'creditCode',
  'idNumber',
  'name',
  'historicCode',
  'category',
  'decisionDate',
  'facts',
  'legalBasis',
  'severity',
  'unitReference',
  'rectificationDeadline',
  'toleranceCause',
  'toleranceEvidence',
  'forceMajeureCertificate',
  'penaltyTypes',
  'penaltyContent',
  'fineAmount',
  'confiscatedAmount',
  'licenceAffected',
] as const;

export interface ParsedLine {
  line: number;
  input?: RecordReportInput;
  problems?: Problem[];
}

const blank = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const AMOUNTS = ['fineAmount', 'confiscatedAmount'] as const;
const PENALTY_COLUMNS = ['penaltyTypes', 'penaltyContent', 'fineAmount', 'confiscatedAmount', 'licenceAffected'] as const;
const TYPE_BY_LABEL = new Map<string, string>(Object.entries(PENALTY_TYPES).map(([code, label]) => [label, code]));

/** penaltyTypes as written: codes or labels, separated by | or ; — or, in JSON, a list. Unknown ones are kept for shapeProblems. */
function penaltyTypes(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[|;；]/);
  return items
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => TYPE_BY_LABEL.get(item) ?? item.toUpperCase());
}

/** The penalty block of a flat line, when any of its columns is filled; amounts stay text (a JSON number is refused in shapeProblems). */
function penaltyFromFlat(row: Record<string, unknown>): PenaltyInput | null {
  if (!PENALTY_COLUMNS.some((column) => row[column] !== undefined && row[column] !== null && String(row[column]).trim() !== ''))
    return null;
  const amount = (value: unknown) => (typeof value === 'number' ? (value as unknown as string) : blank(value));
  return {
    types: penaltyTypes(row.penaltyTypes),
    content: String(row.penaltyContent ?? ''),
    fineAmount: amount(row.fineAmount),
    confiscatedAmount: amount(row.confiscatedAmount),
    licenceAffected: blank(row.licenceAffected),
  };
}

function fromFlat(row: Record<string, unknown>): RecordReportInput {
  const cause = blank(row.toleranceCause);
  return {
    subject: {
      creditCode: blank(row.creditCode),
      idNumber: blank(row.idNumber),
      name: String(row.name ?? ''),
      historicCode: ['true', '1', 'yes'].includes(String(row.historicCode ?? '').toLowerCase()),
    },
    category: String(row.category ?? '').trim(),
    decisionDate: String(row.decisionDate ?? '').trim(),
    facts: String(row.facts ?? ''),
    legalBasis: blank(row.legalBasis),
    severity: blank(row.severity) as RecordReportInput['severity'],
    unitReference: String(row.unitReference ?? ''),
    rectificationDeadline: blank(row.rectificationDeadline),
    toleranceClaim: cause
      ? { cause, evidence: String(row.toleranceEvidence ?? ''), forceMajeureCertificate: blank(row.forceMajeureCertificate) }
      : null,
    penalty: penaltyFromFlat(row),
  };
}

/**
 * Checks what GraphQL would still refuse for the whole batch (an unknown penalty type: PenaltyType stays an
 * enum; an amount sent as a JSON number), so one bad line is reported on its own instead of sinking the 500
 * lines sent with it. Category, dates, severity and the tolerance cause are text in RecordReportInput and
 * checked by intake item by item (its reasons come back on the line, with the document number).
 */
function shapeProblems(input: RecordReportInput): Problem[] {
  const problems: Problem[] = [];
  const penalty = input.penalty;
  if (penalty) {
    const unknown = (Array.isArray(penalty.types) ? penalty.types : []).filter((type) => !isPenaltyType(type));
    if (!Array.isArray(penalty.types)) problems.push({ field: 'penaltyTypes', reason: '须为处罚类别列表' });
    else if (unknown.length)
      problems.push({
        field: 'penaltyTypes',
        reason: `不是处罚类别：${unknown.join('、')}；可填 ${(Object.keys(PENALTY_TYPES) as PenaltyType[]).join('、')} 或其中文名称，以 | 或 ; 分隔`,
      });
    for (const field of AMOUNTS) {
      const value: unknown = penalty[field];
      if (value !== null && value !== undefined && typeof value !== 'string')
        problems.push({ field, reason: `须写作文本（如 "0.5"），不写作数字：数字可能丢失位数；收到 ${JSON.stringify(value)}` });
    }
  }
  return problems;
}

function checked(line: number, input: RecordReportInput): ParsedLine {
  const problems = shapeProblems(input);
  return problems.length ? { line, problems } : { line, input };
}

const NOT_UTF8: Problem = { field: 'line', reason: '不是 UTF-8 文本：请将文件另存为 UTF-8 编码（如 Excel 的“CSV UTF-8”）后重新导入' };

/**
 * Numbers of the file's lines that are not UTF-8 (a GBK export, a damaged byte): decoding would turn
 * their bytes into U+FFFD silently, so those lines are rejected instead of sent.
 */
async function nonUtf8Lines(path: string): Promise<Set<number>> {
  const broken = new Set<number>();
  let line = 1;
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start), line++) {
      if (!isUtf8(data.subarray(start, end))) broken.add(line);
      start = end + 1;
    }
    rest = data.subarray(start);
  }
  if (rest.length && !isUtf8(rest)) broken.add(line);
  return broken;
}

/** Reads a .csv (with the header above) or a .jsonl file, one report per line, streaming. */
export async function* readReportFile(path: string): AsyncGenerator<ParsedLine> {
  const broken = await nonUtf8Lines(path);
  if (path.endsWith('.jsonl') || path.endsWith('.ndjson')) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (broken.has(line)) {
        yield { line, problems: [NOT_UTF8] };
        continue;
      }
      if (!text.trim()) continue;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        yield { line, problems: [{ field: 'line', reason: '不是有效的 JSON：每行须为一个 JSON 对象' }] };
        continue;
      }
      yield checked(line, typeof value.subject === 'object' && value.subject ? (value as unknown as RecordReportInput) : fromFlat(value));
    }
    return;
  }
  if (!path.endsWith('.csv')) throw new Error(`${path}: give a .csv or a .jsonl file`);
  const parser = createReadStream(path).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let previousEnd = 0; // a record spans the lines after the previous one's last, up to its own last
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    let spansBroken = false;
    for (let line = previousEnd + 1; line <= info.lines && broken.size; line++) spansBroken ||= broken.has(line);
    previousEnd = info.lines;
    yield spansBroken ? { line: info.lines, problems: [NOT_UTF8] } : checked(info.lines, fromFlat(record));
  }
}
