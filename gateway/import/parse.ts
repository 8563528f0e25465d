import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { isRealDate } from '../../subgraphs/kit/scalars.js';
import { CATEGORY_CODES } from '../../subgraphs/records/catalogue.js';
import type { Problem, RecordReportInput } from '../../subgraphs/records/intake.js';

/** The CSV header, one column per field; JSON lines carry either these flat fields or the GraphQL input shape. */
export const CSV_COLUMNS = [
  'creditCode', 'idNumber', 'name', 'historicCode', 'category', 'decisionDate', 'facts', 'legalBasis', 'severity',
  'unitReference', 'rectificationDeadline', 'toleranceCause', 'toleranceEvidence', 'forceMajeureCertificate',
] as const;

export interface ParsedLine {
  line: number;
  input?: RecordReportInput;
  problems?: Problem[];
}

const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS'];
const CAUSES = ['TOOK_PART_IN_EPIDEMIC_PREVENTION', 'FORCE_MAJEURE'];
const blank = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

function fromFlat(row: Record<string, unknown>): RecordReportInput {
  const cause = blank(row.toleranceCause);
  return {
    subject: { creditCode: blank(row.creditCode), idNumber: blank(row.idNumber), name: String(row.name ?? ''), historicCode: ['true', '1', 'yes'].includes(String(row.historicCode ?? '').toLowerCase()) },
    category: String(row.category ?? '').trim(),
    decisionDate: String(row.decisionDate ?? '').trim(),
    facts: String(row.facts ?? ''),
    legalBasis: blank(row.legalBasis),
    severity: blank(row.severity) as RecordReportInput['severity'],
    unitReference: String(row.unitReference ?? ''),
    rectificationDeadline: blank(row.rectificationDeadline),
    toleranceClaim: cause ? { cause, evidence: String(row.toleranceEvidence ?? ''), forceMajeureCertificate: blank(row.forceMajeureCertificate) } : null,
  };
}

/**
 * Checks what GraphQL would refuse for the whole batch (an unknown enum value, a malformed date), so one
 * bad line is reported on its own instead of sinking the 500 lines sent with it.
 */
function shapeProblems(input: RecordReportInput): Problem[] {
  const problems: Problem[] = [];
  if (!CATEGORY_CODES.includes(input.category)) problems.push({ field: 'category', reason: `unknown category "${input.category}"` });
  if (input.severity && !SEVERITIES.includes(input.severity)) problems.push({ field: 'severity', reason: `must be one of ${SEVERITIES.join(', ')}` });
  if (!isRealDate(input.decisionDate)) problems.push({ field: 'decisionDate', reason: `"${input.decisionDate}" is not a real date (YYYY-MM-DD)` });
  if (input.rectificationDeadline && !isRealDate(input.rectificationDeadline)) problems.push({ field: 'rectificationDeadline', reason: `"${input.rectificationDeadline}" is not a real date (YYYY-MM-DD)` });
  if (input.toleranceClaim && !CAUSES.includes(input.toleranceClaim.cause)) problems.push({ field: 'toleranceCause', reason: `must be one of ${CAUSES.join(', ')}` });
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
        yield { line, problems: [{ field: 'line', reason: 'is not valid JSON' }] };
        continue;
      }
      yield checked(line, typeof value.subject === 'object' && value.subject ? (value as unknown as RecordReportInput) : fromFlat(value));
    }
    return;
  }
  if (!path.endsWith('.csv')) throw new Error(`${path}: give a .csv or a .jsonl file`);
  const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  let previousEnd = 0; // a record spans the lines after the previous one's last, up to its own last
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    let spansBroken = false;
    for (let line = previousEnd + 1; line <= info.lines && broken.size; line++) spansBroken ||= broken.has(line);
    previousEnd = info.lines;
    yield spansBroken ? { line: info.lines, problems: [NOT_UTF8] } : checked(info.lines, fromFlat(record));
  }
}
