import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { loadSecrets } from '../../subgraphs/kit/config.js';
import type { Connection } from '../../subgraphs/kit/db.js';
import type { Principal } from '../../subgraphs/kit/principal.js';
import type { Subgraph } from '../../subgraphs/kit/subgraph.js';
import { createRecordsSubgraph } from '../../subgraphs/records/server.js';
import { openTestConnection } from './database.js';
import { queryRows } from './system.js';

/** Who asks, as the gateway would sign it. */
export const AS_PRINCIPAL = {
  office: { role: 'CREDIT_OFFICE', unitId: 'credit-office' },
  market: { role: 'MEMBER_UNIT', unitId: 'market-regulation' },
  health: { role: 'MEMBER_UNIT', unitId: 'health' },
  police: { role: 'MEMBER_UNIT', unitId: 'public-security' },
  analyst: { role: 'ANALYST' },
  bank: { role: 'FINANCIAL_INSTITUTION', unitId: 'bank-taicang-rural' },
  public: { role: 'PUBLIC' },
} satisfies Record<string, Principal>;
export const asSubject = (subjectId: string): Principal => ({ role: 'SUBJECT', subjectId });

/**
 * The records subgraph alone, migrated on its own database (PGlite in memory, or a fresh PostgreSQL database
 * with DATABASE_URL), for a test file: `run` executes an operation as a principal, `rows` reads SQL.
 */
export function useRecordsSubgraph() {
  let conn: Connection;
  let records: Subgraph<any, any>;
  beforeAll(async () => {
    conn = await openTestConnection();
    records = createRecordsSubgraph({ db: conn.forSubgraph('records'), secrets: loadSecrets({}) });
    await conn.migrate('records', records.migrations);
    await records.prepare();
  });
  afterAll(() => conn?.close());
  return {
    async run(query: string, variables: Record<string, unknown>, principal: Principal): Promise<{ data?: any; errors?: any[] }> {
      const contextValue = records.createContext({ principal, requestId: randomUUID(), operation: 'RecordsTest' });
      const response = await records.server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as { data?: any; errors?: any[] };
    },
    rows: <T = Record<string, unknown>>(query: SQL) => queryRows<T>(conn.forSubgraph('records').execute(query)),
  };
}
