/**
 * A subgraph run alone (subgraphs/kit/standalone.ts, issue 15): what it says it needs is configured before
 * anything starts. The reports subgraph declares `needs: ['gatewayUrl']` (subgraphs/reports/server.ts), so
 * without GATEWAY_URL it refuses with a configuration error that says what to set, exit code 2, before it
 * migrates or listens; the other four start without it. Each case is a real process (`subgraphs/<name>/main.ts`)
 * with a clean environment, since the check runs inside the runner between opening PostgreSQL and migrating.
 * The runner is PostgreSQL-only: on PGlite only the refusal without a database runs.
 */
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { signService } from '../subgraphs/kit/principal.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import { freshDatabase } from './support/database.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
// A port nothing listens on: the runner only needs the URLs configured; consumers retry a feed that is down.
const NOWHERE = 'http://127.0.0.1:9/graphql';
const PROCESS_TIMEOUT_MS = 45_000;
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

interface Outcome {
  code: number | null;
  /** What /ready answered once the process said it was listening; undefined when it never said so. */
  ready?: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `subgraphs/<name>/main.ts` with only `env` (and PATH): it either exits by itself, or says it is listening,
 * is asked /ready, and is then sent SIGTERM. Killed, and the test failed, when neither happens in time.
 */
function runAlone(name: SubgraphName, env: Record<string, string>, during?: (url: string) => Promise<void>): Promise<Outcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', `subgraphs/${name}/main.ts`], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', [`${name.toUpperCase()}_PORT`]: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const outcome: Outcome = { code: null, stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} neither exited nor listened in ${PROCESS_TIMEOUT_MS} ms:\n${outcome.stdout}\n${outcome.stderr}`));
    }, PROCESS_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => void (outcome.stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      outcome.stdout += chunk.toString();
      const listening = new RegExp(`"url":"(http://[^"]+)/graphql","msg":"${name} subgraph listening"`).exec(outcome.stdout);
      if (listening && outcome.ready === undefined) {
        outcome.ready = null;
        // Listening means answering: /ready is asked before the process is stopped. (The answer also comes only
        // after the runner has installed its signal handlers: it logs "listening" before it does.)
        void fetch(`${listening[1]}/ready`)
          .then(async (response) => {
            outcome.ready = response.status;
            await during?.(listening[1]!);
          })
          .catch(() => (outcome.ready = null))
          .finally(() => child.kill('SIGTERM'));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ ...outcome, code });
    });
  });
}

/** A fresh PostgreSQL database for one process, dropped after the file; with the schemas it holds. */
async function database() {
  const fresh = await freshDatabase();
  drops.push(fresh.drop);
  const url = fresh.url!;
  const schemas = async () => {
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await client<{ name: string }[]>`select schema_name as name from information_schema.schemata`;
      return rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  };
  return { url, schemas };
}

/** The `<PRODUCER>_URL` of every subgraph whose events `name` applies: all of them, pointing nowhere. */
const producerUrls = () => Object.fromEntries(SUBGRAPH_NAMES.map((producer) => [`${producer.toUpperCase()}_URL`, NOWHERE]));

describe('a subgraph run alone', () => {
  it('refuses to start without a database, saying to set DATABASE_URL', async () => {
    const outcome = await runAlone('reports', {});
    expect(outcome.code).toBe(2);
    expect(outcome.ready).toBeUndefined();
    expect(outcome.stderr).toMatch(/Configuration error: set DATABASE_URL \(or REPORTS_DATABASE_URL\)/);
  });

  it('refuses a DB_POOL_SIZE that is no number of connections, naming it, before it connects', async () => {
    const outcome = await runAlone('records', { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', DB_POOL_SIZE: 'ten' });
    expect(outcome.code).toBe(2);
    expect(outcome.ready).toBeUndefined();
    expect(outcome.stderr).toMatch(/DB_POOL_SIZE must be a whole number of connections per subgraph, 1-1000, got "ten"/);
  });

  describe.runIf(onPostgres)('on PostgreSQL', () => {
    it.each([
      ['unset', {}],
      ['set but empty', { GATEWAY_URL: '' }],
    ])('refuses to start reports with GATEWAY_URL %s: says to set it, migrates nothing, never listens', async (_how, gateway) => {
      const db = await database();
      const before = await db.schemas();
      const outcome = await runAlone('reports', { DATABASE_URL: db.url, ...producerUrls(), ...gateway });
      expect(outcome.code).toBe(2);
      expect(outcome.ready).toBeUndefined();
      expect(outcome.stderr).toMatch(/^Configuration error: set GATEWAY_URL \(the gateway's \/graphql URL\): the reports subgraph/m);
      // Refused before anything started: no schema of its own, nothing stored.
      expect(await db.schemas()).toEqual(before);
      expect(before).not.toContain('reports');
    });

    it('keeps to DB_POOL_SIZE connections under 40 feed reads at once', async () => {
      const db = await database();
      let most = 0;
      const outcome = await runAlone('records', { DATABASE_URL: db.url, ...producerUrls(), DB_POOL_SIZE: '2' }, async (url) => {
        const client = postgres(db.url, { max: 1, onnotice: () => {} });
        try {
          const count = async () => {
            const [row] = await client<{ n: number }[]>`
              select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
            most = Math.max(most, row!.n);
          };
          const reads = Array.from({ length: 40 }, () =>
            fetch(`${url}/events?limit=500`, {
              headers: { 'x-credit-service': signService('subjects', 'records', 'dev-internal-secret-change-me-0000000000') },
            }),
          );
          for (let i = 0; i < 5; i++) await count();
          const answers = await Promise.all(reads);
          await count();
          expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
        } finally {
          await client.end();
        }
      });
      expect(outcome.ready).toBe(200);
      expect(outcome.code).toBe(0);
      expect(most).toBeGreaterThanOrEqual(1);
      expect(most).toBeLessThanOrEqual(2);
    });

    it('starts reports once GATEWAY_URL is set, and stops on SIGTERM with exit code 0', async () => {
      const db = await database();
      const outcome = await runAlone('reports', { DATABASE_URL: db.url, ...producerUrls(), GATEWAY_URL: NOWHERE });
      expect(outcome.stderr).not.toMatch(/Configuration error/);
      expect(outcome.ready).toBe(200);
      expect(outcome.code).toBe(0);
      expect(await db.schemas()).toContain('reports');
    });

    it.each(SUBGRAPH_NAMES.filter((name) => name !== 'reports'))(
      'starts %s without GATEWAY_URL (it does not need one), and stops on SIGTERM with exit code 0',
      async (name) => {
        const db = await database();
        const outcome = await runAlone(name, { DATABASE_URL: db.url, ...producerUrls() });
        expect(outcome.stderr).not.toMatch(/Configuration error/);
        expect(outcome.ready).toBe(200);
        expect(outcome.code).toBe(0);
        expect(await db.schemas()).toContain(name);
      },
    );
  });
});
