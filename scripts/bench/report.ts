/** bench:compare's Markdown: one table per query (every target at every client count), then the ratios. */
import { percentile, type CellResult } from './load.js';
import type { ContenderName } from './contenders.js';

export interface Measured {
  result: CellResult;
  /** CPU time within the windows, ms: of the target's own process, and of the five subgraph processes. */
  frontCpuMs: number;
  subgraphCpuMs: number;
  /** Resident memory at the end of its last cell, MiB. */
  frontRssMiB: number;
  subgraphRssMiB: number;
  /** Entries the five audit trails gained during its cells (divided by `result.answered`). */
  auditEntries: number;
  /** 'same' or what differs from the project's gateway's answer. */
  answers: string;
}

export interface QueryReport {
  name: string;
  plan: string;
  cells: Map<number, Map<ContenderName, Measured>>;
}

const LABELS: Record<ContenderName, string> = {
  ours: 'gateway (ours)',
  hive: 'Hive Gateway',
  floor: 'floor',
  embedded: 'embedded',
};

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const rate = (m: Measured | undefined) => (m ? m.result.completed / m.result.seconds : NaN);
const p50 = (m: Measured | undefined) => (m ? percentile(m.result.latenciesMs, 50) : NaN);
const perRequest = (cpuMs: number, m: Measured) => (m.result.completed ? cpuMs / m.result.completed : NaN);
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function queryTable(report: QueryReport): string[] {
  const lines = [
    `### ${report.name}`,
    '',
    `Plan: ${report.plan}`,
    '',
    '| clients | target | req/s | p50 ms | p99 ms | CPU ms/req: own process | CPU ms/req: subgraphs | RSS MiB: own | RSS MiB: subgraphs | audit entries/req | failed | answers |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [clients, byTarget] of report.cells) {
    for (const [name, m] of byTarget) {
      const own = name === 'floor' ? '— (bench)' : fixed(perRequest(m.frontCpuMs, m), 2);
      const subgraphs = name === 'embedded' ? '(in own)' : fixed(perRequest(m.subgraphCpuMs, m), 2);
      lines.push(
        `| ${clients} | ${LABELS[name]} | ${fixed(rate(m))} | ${fixed(p50(m))} | ${fixed(percentile(m.result.latenciesMs, 99))} | ${own} | ${subgraphs} | ${
          name === 'floor' ? '—' : fixed(m.frontRssMiB, 0)
        } | ${name === 'embedded' ? '—' : fixed(m.subgraphRssMiB, 0)} | ${fixed(m.result.answered ? m.auditEntries / m.result.answered : NaN, 2)} | ${
          m.result.failures
        } | ${m.answers} |`,
      );
    }
  }
  return [...lines, ''];
}

function ratioTable(reports: QueryReport[]): string[] {
  const lines = [
    '### Ratios (throughput: above 1 means the first is faster)',
    '',
    '| query | clients | ours / Hive req/s | Hive / ours CPU per request (gateway process) | ours / floor req/s | ours p50 − floor p50 ms | Hive p50 − floor p50 ms | embedded / services req/s | embedded / services p50 |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const report of reports) {
    for (const [clients, t] of report.cells) {
      const [ours, hive, floor, embedded] = [t.get('ours'), t.get('hive'), t.get('floor'), t.get('embedded')];
      const cpu = (m: Measured | undefined) => (m ? perRequest(m.frontCpuMs, m) : NaN);
      lines.push(
        `| ${report.name} | ${clients} | ${ratio(rate(ours), rate(hive))} | ${ratio(cpu(hive), cpu(ours))} | ${ratio(rate(ours), rate(floor))} | ${fixed(
          p50(ours) - p50(floor),
        )} | ${fixed(p50(hive) - p50(floor))} | ${ratio(rate(embedded), rate(ours))} | ${ratio(p50(embedded), p50(ours))} |`,
      );
    }
  }
  return [...lines, ''];
}

export function markdown(header: string[], reports: QueryReport[], footer: string[]): string {
  return [...header, '', ...reports.flatMap(queryTable), ...ratioTable(reports), ...footer].join('\n');
}
