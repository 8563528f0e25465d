import type { Problem, RecordReportInput } from '../../subgraphs/records/intake.js';
import { readReportFile } from './parse.js';

const MUTATION = `mutation ImportRecords($input: [RecordReportInput!]!) {
  reportRecords(input: $input) { index outcome problems { field reason } }
}`;

export interface ImportOptions {
  file: string;
  gatewayUrl: string;
  /** Credentials of the reporting unit: the gateway applies the same rules as to its app. */
  headers: Record<string, string>;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

export interface Rejection {
  line: number;
  unitReference: string | null;
  field: string;
  reason: string;
}

export interface ImportSummary {
  lines: number;
  created: number;
  duplicate: number;
  corrected: number;
  rejected: Rejection[];
}

/** Sends a batch; transport failures are retried, which is safe because intake is idempotent. */
async function send(options: ImportOptions, input: RecordReportInput[], attempts = 4): Promise<{ outcome: string; problems: Problem[] }[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(options.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...options.headers },
        body: JSON.stringify({ query: MUTATION, variables: { input } }),
      });
      const body = (await response.json()) as { data?: { reportRecords?: { outcome: string; problems: Problem[] }[] | null }; errors?: { message: string }[] };
      if (response.status === 401 || response.status === 403) throw Object.assign(new Error(body.errors?.[0]?.message ?? 'credentials refused'), { fatal: true });
      const results = body.data?.reportRecords;
      if (!results) throw Object.assign(new Error(body.errors?.map((e) => e.message).join('; ') ?? `gateway answered ${response.status}`), { fatal: response.status < 500 });
      return results;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** Imports a file through the gateway, batch by batch; re-running the same file changes nothing. */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const size = options.batchSize ?? 500;
  const summary: ImportSummary = { lines: 0, created: 0, duplicate: 0, corrected: 0, rejected: [] };
  let batch: { line: number; input: RecordReportInput }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const results = await send(options, batch.map((entry) => entry.input));
    results.forEach((result, i) => {
      const { line, input } = batch[i]!;
      if (result.outcome === 'CREATED') summary.created++;
      else if (result.outcome === 'DUPLICATE') summary.duplicate++;
      else if (result.outcome === 'CORRECTED') summary.corrected++;
      else for (const problem of result.problems) summary.rejected.push({ line, unitReference: input.unitReference, field: problem.field.replace(/^input\[\d+\]\.?/, '') || 'line', reason: problem.reason });
    });
    batch = [];
    options.onProgress?.(summary.lines);
  };
  for await (const parsed of readReportFile(options.file)) {
    summary.lines++;
    if (parsed.problems) for (const problem of parsed.problems) summary.rejected.push({ line: parsed.line, unitReference: null, ...problem });
    else batch.push({ line: parsed.line, input: parsed.input! });
    if (batch.length >= size) await flush();
  }
  await flush();
  options.onProgress?.(summary.lines);
  summary.rejected.sort((a, b) => a.line - b.line); // lines refused here and by intake, in file order
  return summary;
}
