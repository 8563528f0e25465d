import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode } from '../../subgraphs/kit/identifiers.js';
import { CSV_COLUMNS } from './parse.js';

/**
 * A report file of `lines` minor price-marking fines, one shop each, for the benchmarks: codes
 * 91320585<code>…, names <name>N号商行, unit references <reference>-N. Returns the file's path in `folder`.
 */
export function writeSampleCsv(folder: string, lines: number, label: { code: string; name: string; reference: string }): string {
  const body = Array.from({ length: lines }, (_, i) =>
    [
      makeCreditCode(`91320585${label.code}${String(i).padStart(7, '0')}`),
      '',
      `${label.name}${i}号商行`,
      '',
      'PRICE_NOT_MARKED',
      '2026-09-01',
      '未明码标价',
      '',
      '',
      `${label.reference}-${i}`,
      '',
      '',
      '',
      '',
      'FINE',
      '责令改正，处罚款0.2万元。',
      '0.2',
      '',
      '',
    ].join(','),
  );
  const file = join(folder, 'reports.csv');
  writeFileSync(file, `${CSV_COLUMNS.join(',')}\n${body.join('\n')}\n`);
  return file;
}
