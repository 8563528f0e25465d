import os from 'node:os';
import { HOT_PICK_MAX, type GrowthReport } from './growth.js';
import type { Sizes } from './growth-settle.js';
import { merged, percentile, runCell, type Ask, type CellResult } from './load.js';
import type { Seeded } from './services.js';

/** The issue's bar: the credit file's p50 at the grown size at most this many times the demo size's. */
export const TARGET_RATIO = 1.3;
const thousands = (n: number) => n.toLocaleString('en-US');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export type Size = 'demo' | 'control' | 'grown';
export const SIZE_LABEL: Record<Size, string> = {
  demo: 'demo, before growth',
  control: 'demo control, beside grown',
  grown: 'grown',
};

/** One query as measured on one database: the demo company's file (on all three), or generated files (grown only). */
export interface Spec {
  query: string;
  /** The demo company's file: the same answer at every size, so the ratio is the issue's. */
  comparable: boolean;
  ask: Partial<Record<Size, Ask>>;
}

export interface Cell {
  size: Size;
  query: string;
  comparable: boolean;
  clients: number;
  result: CellResult;
}

/** How the cells are run: client counts, time per cell (over all rounds) and warm-up per round. */
export interface CellPlan {
  clients: number[];
  cellMs: number;
  warmupMs: number;
  say(line: string): void;
}

/**
 * `rounds` rounds of every spec at every client count; within a cell the sizes take turns, the first
 * alternating, so neither always runs after the other. Each (size, query, clients) is merged over the rounds.
 */
export async function measure(specs: Spec[], rounds: number, plan: CellPlan): Promise<Cell[]> {
  const results = new Map<string, { cell: Omit<Cell, 'result'>; results: CellResult[] }>();
  let turn = 0;
  for (let round = 0; round < rounds; round++)
    for (const spec of specs)
      for (const clients of plan.clients) {
        const targets = (['grown', 'control', 'demo'] as const).filter((size) => spec.ask[size]);
        const order = turn++ % 2 ? [...targets].reverse() : targets;
        for (const size of order) {
          const at = load();
          const result = await runCell(spec.ask[size]!, { clients, warmupMs: plan.warmupMs, durationMs: plan.cellMs / rounds });
          if (result.failures)
            throw new Error(`${size}, ${spec.query}, ${clients} clients: ${result.failures} wrong answers, first: ${result.firstFailure}`);
          plan.say(
            `${SIZE_LABEL[size]}: ${spec.query}, ${clients} client(s)${rounds > 1 ? `, round ${round + 1}/${rounds}` : ''}: p50 ${percentile(
              result.latenciesMs,
              50,
            ).toFixed(1)} ms, ${(result.completed / result.seconds).toFixed(1)} req/s (load ${at})`,
          );
          const key = `${size}|${spec.query}|${clients}`;
          const entry = results.get(key) ?? { cell: { size, query: spec.query, comparable: spec.comparable, clients }, results: [] };
          entry.results.push(result);
          results.set(key, entry);
        }
      }
  return [...results.values()].map(({ cell, results }) => ({ ...cell, result: merged(results) }));
}

/** What the run was: for the report's first lines. */
export interface RunFacts {
  postgresVersion: string;
  startedAt: Date;
  loads: { at: string; load: string }[];
  quick: boolean;
  rounds: number;
  cellMs: number;
  warmupMs: number;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const p50 = (cell: Cell | undefined) => (cell ? percentile(cell.result.latenciesMs, 50) : NaN);
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

export function report(
  facts: RunFacts,
  cells: Cell[],
  measured: { demo: Sizes; grown: Sizes },
  growth: GrowthReport,
  settled: Record<Size, number>,
  seeded: Seeded,
): { markdown: string; worst: { beforeGrowth: number; beside: number } } {
  const label = (size: Size) => {
    const { subjects, records } = size === 'grown' ? measured.grown : measured.demo;
    return `${SIZE_LABEL[size]} (${thousands(subjects)} subjects, ${thousands(records)} records)`;
  };
  const find = (size: Size, cell: Cell) => cells.find((c) => c.size === size && c.query === cell.query && c.clients === cell.clients);
  const worst = { beforeGrowth: 0, beside: 0 };
  const rows: string[] = [];
  const order: Size[] = ['demo', 'control', 'grown'];
  // The demo company's file first, each (query, clients) as demo before growth, control and grown in a row.
  const queries = [...new Set(cells.map((c) => c.query))];
  const ordered = [...cells].sort(
    (a, b) =>
      Number(b.comparable) - Number(a.comparable) ||
      queries.indexOf(a.query) - queries.indexOf(b.query) ||
      a.clients - b.clients ||
      order.indexOf(a.size) - order.indexOf(b.size),
  );
  for (const cell of ordered) {
    const grown = cell.size === 'grown' && cell.comparable;
    const beforeGrowth = grown ? p50(cell) / p50(find('demo', cell)) : NaN;
    const beside = grown ? p50(cell) / p50(find('control', cell)) : NaN;
    if (Number.isFinite(beforeGrowth)) worst.beforeGrowth = Math.max(worst.beforeGrowth, beforeGrowth);
    if (Number.isFinite(beside)) worst.beside = Math.max(worst.beside, beside);
    rows.push(
      `| ${label(cell.size)} | ${cell.query} | ${cell.clients} | ${fixed(p50(cell))} | ${fixed(percentile(cell.result.latenciesMs, 99))} | ${fixed(
        cell.result.completed / cell.result.seconds,
      )} | ${times(beforeGrowth)} | ${times(beside)} |`,
    );
  }
  const verdict = (ratio: number) => `${ratio.toFixed(2)}× (${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`;
  const lines = [
    `Node ${process.version}; PostgreSQL ${facts.postgresVersion}; ${os.cpus().length} CPUs; ${facts.startedAt.toISOString()}; the five subgraphs and the gateway as separate processes`,
    `Load average (1, 5, 15 min): ${facts.loads.map((l) => `${l.at} ${l.load}`).join('; ')}`,
    `${facts.quick ? 'BENCH_QUICK: ' : ''}each cell ${facts.cellMs / 1000} s measured (after grown: in ${facts.rounds} interleaved round(s), each after ${
      facts.warmupMs / 1000
    } s warm-up); closed loop; demo set ${thousands(seeded.records)} records of ${thousands(seeded.organisations)} organisations and ${thousands(
      seeded.persons,
    )} persons`,
    '',
    '| size | query | clients | p50 ms | p99 ms | req/s | p50 grown/demo before growth | p50 grown/demo control beside |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `The demo company's credit file at ${thousands(measured.grown.records)} records, p50 against the demo size (target ≤ ${TARGET_RATIO}×): at most ${verdict(
      worst.beside,
    )} against the control measured beside it, at most ${verdict(worst.beforeGrowth)} against the demo measured before growth. The same answer, byte for byte, at every size.`,
    '',
    `Growth: +${thousands(growth.subjects)} subjects, +${thousands(growth.records)} records in ${growth.chunks} transaction(s), ${(
      growth.totalMs / 1000
    ).toFixed(1)} s in all (${thousands(Math.round(growth.records / (growth.totalMs / 1000)))} records/s); database ${(
      measured.demo.bytes /
      2 ** 20
    ).toFixed(
      0,
    )} MiB → ${(measured.grown.bytes / 2 ** 30).toFixed(2)} GiB. Settled after starting (start-up housekeeping — records' sweep, incentives' re-assessment — and autovacuum done): ${order
      .map((size) => `${SIZE_LABEL[size]} ${settled[size].toFixed(0)} s`)
      .join(', ')}.`,
    '',
    '| generation phase | s |',
    '|---|---|',
    ...[...growth.phases].map(([phase, ms]) => `| ${phase} | ${(ms / 1000).toFixed(1)} |`),
    '',
    '| table | rows generated |',
    '|---|---|',
    ...[...growth.rows].map(([table, n]) => `| ${table} | ${thousands(n)} |`),
    '',
    `"many records": the generated organisation with the most records up to ${thousands(HOT_PICK_MAX)} (${growth.hot?.records ?? '—'}); "typical files": ${
      growth.typical.length
    } generated organisations with 5–20 records, a different one each request. Neither exists at the demo size.`,
  ];
  return { markdown: lines.join('\n'), worst };
}
