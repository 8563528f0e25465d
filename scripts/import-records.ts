/**
 * `npm run import -- --file reports.csv --api-key KEY [--gateway URL] [--report rejected.csv] [--batch 500]`
 * Imports a CSV or JSON-lines file of records through the gateway with a unit's credentials, so the same
 * rules apply as to its app; shows progress; writes the rejected lines with reasons. Re-running the same
 * file changes nothing. Columns: CSV_COLUMNS in scripts/import/parse.ts; administrative penalties also fill
 * penaltyTypes, penaltyContent and, as the types require, fineAmount, confiscatedAmount (万元) or licenceAffected.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { importFile, type Rejection } from './import/run.js';

const USAGE =
  'usage: npm run import -- --file <reports.csv|reports.jsonl> (--api-key <key> | --token <jwt>) [--gateway http://127.0.0.1:4000/graphql] [--report <rejected.csv>] [--batch 500]';
const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    'api-key': { type: 'string' },
    token: { type: 'string' },
    gateway: { type: 'string' },
    report: { type: 'string' },
    batch: { type: 'string' },
  },
});
if (!values.file || (!values['api-key'] && !values.token)) {
  console.error(USAGE);
  process.exit(2);
}
const batchSize = Number(values.batch ?? 500);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
  console.error('--batch must be a whole number from 1 to 1000');
  process.exit(2);
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return path.endsWith('.csv') ? Math.max(lines - 1, 0) : lines;
}

const csvField = (value: unknown): string => `"${String(value ?? '').replaceAll('"', '""')}"`;
function writeReport(path: string, rejected: Rejection[]): void {
  const rows = rejected.map((r) => [r.line, r.unitReference, r.field, r.reason].map(csvField).join(','));
  writeFileSync(path, `\uFEFFline,unitReference,field,reason\n${rows.join('\n')}\n`);
}

const total = await countLines(values.file);
const bar = new cliProgress.SingleBar(
  { format: 'importing [{bar}] {percentage}% | {value}/{total} lines | {eta}s left', stream: process.stderr },
  cliProgress.Presets.shades_classic,
);
bar.start(total, 0);
try {
  const summary = await importFile({
    file: values.file,
    gatewayUrl: values.gateway ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql',
    headers: values['api-key'] ? { 'x-api-key': values['api-key'] } : { authorization: `Bearer ${values.token}` },
    batchSize,
    onProgress: (done) => bar.update(Math.min(done, total)),
  });
  bar.stop();
  const rejectedLines = new Set(summary.rejected.map((r) => r.line)).size;
  const report = values.report ?? `${values.file}.rejected.csv`;
  writeReport(report, summary.rejected);
  console.log(
    `${summary.lines} lines: ${summary.created} created, ${summary.duplicate} unchanged (already stored), ${summary.corrected} corrected, ${rejectedLines} rejected`,
  );
  console.log(`Rejected lines and reasons: ${report}`);
} catch (error) {
  bar.stop();
  console.error(
    `Import stopped: ${(error as Error).message}. Nothing is lost: run the same command again; lines already stored are recognised.`,
  );
  process.exit(1);
}
