import type { RecordReportInput } from '../../subgraphs/records/intake.js';
import { readReportFile, type Problem } from './parse.js';

const MUTATION = `mutation ImportRecords($input: [RecordReportInput!]!) {
  reportRecords(input: $input) { index outcome problems { field reason } }
}`;

export interface ImportOptions {
  file: string;
  gatewayUrl: string;
  /** Credentials of the reporting unit: the gateway applies the same rules as to its app. */
  headers: Record<string, string>;
  batchSize?: number;
  /** Tries per batch before the import stops (default 8, backing off up to 10 s). */
  attempts?: number;
  onProgress?: (done: number) => void;
  /** Told about each batch sent again, and why. */
  onRetry?: (attempt: number, error: Error) => void;
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

/** Answers that say the batch itself is wrong or not allowed: sending it again cannot help. */
const FINAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST',
]);

/**
 * Sends a batch. Anything else that fails — a dropped connection, a subgraph down or late, an internal
 * error, a rate limit (after its Retry-After) — is sent again with backoff, which is safe because intake is
 * idempotent on (unit, document number): a batch stored before its answer was lost comes back DUPLICATE.
 */
async function send(options: ImportOptions, input: RecordReportInput[]): Promise<{ outcome: string; problems: Problem[] }[]> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    let waitMs = Math.min(200 * 2 ** attempt, 10_000);
    try {
      const response = await fetch(options.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...options.headers },
        body: JSON.stringify({ query: MUTATION, variables: { input } }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        data?: { reportRecords?: { outcome: string; problems: Problem[] }[] | null };
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const results = body.data?.reportRecords;
      if (results) return results;
      const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? '');
      const message = body.errors?.map((e) => e.message).join('; ') || `gateway answered ${response.status}`;
      if (response.status === 401 || response.status === 403 || codes.some((code) => FINAL_CODES.has(code)))
        throw Object.assign(new Error(message), { final: true });
      const retryAfter = Number(response.headers.get('retry-after'));
      if (retryAfter > 0) waitMs = retryAfter * 1000;
      throw new Error(message);
    } catch (error) {
      if ((error as { final?: boolean }).final || attempt >= attempts) throw error;
      options.onRetry?.(attempt, error as Error);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
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
    const results = await send(
      options,
      batch.map((entry) => entry.input),
    );
    results.forEach((result, i) => {
      const { line, input } = batch[i]!;
      if (result.outcome === 'CREATED') summary.created++;
      else if (result.outcome === 'DUPLICATE') summary.duplicate++;
      else if (result.outcome === 'CORRECTED') summary.corrected++;
      else
        for (const problem of result.problems)
          summary.rejected.push({
            line,
            unitReference: input.unitReference,
            field: problem.field.replace(/^input\[\d+\]\.?/, '') || 'line',
            reason: problem.reason,
          });
    });
    batch = [];
    options.onProgress?.(summary.lines);
  };
  for await (const parsed of readReportFile(options.file)) {
    summary.lines++;
    if (parsed.problems)
      for (const problem of parsed.problems) summary.rejected.push({ line: parsed.line, unitReference: null, ...problem });
    else batch.push({ line: parsed.line, input: parsed.input! });
    if (batch.length >= size) await flush();
  }
  await flush();
  options.onProgress?.(summary.lines);
  summary.rejected.sort((a, b) => a.line - b.line); // lines refused here and by intake, in file order
  return summary;
}
