import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { loadSecrets, type Env } from '../../subgraphs/kit/config.js';
import type { Connection, Db } from '../../subgraphs/kit/db.js';
import type { Principal } from '../../subgraphs/kit/principal.js';
import { rowsOf } from '../../subgraphs/kit/rows.js';
import type { Subgraph } from '../../subgraphs/kit/subgraph.js';
import { SUBGRAPHS, type BuiltSubgraphs, type SubgraphName } from '../../subgraphs/registry.js';
import { openTestConnection } from './database.js';

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

export interface SingleResult {
  data?: any;
  errors?: any[];
}

/**
 * One subgraph alone for a test file, as HOUSE.md asks of a test that needs one subgraph: built by its registry
 * line on its own database (PGlite in memory, or a fresh PostgreSQL database with DATABASE_URL), migrated and
 * prepared, never listening. `run` executes an operation as a principal the way the gateway's signed header
 * would give it; `entities` asks `_entities` as the gateway's query planner does; `rows` reads its SQL.
 */
export function useSubgraph<Name extends SubgraphName>(name: Name, options: { env?: Env } = {}) {
  const handle = {} as { conn: Connection; db: Db; subgraph: BuiltSubgraphs[Name] };
  beforeAll(async () => {
    handle.conn = await openTestConnection();
    handle.db = handle.conn.forSubgraph(name);
    const create = await SUBGRAPHS[name].load();
    handle.subgraph = create({ db: handle.db, secrets: loadSecrets({}), env: options.env ?? {} }) as BuiltSubgraphs[Name];
    await handle.conn.migrate(name, handle.subgraph.migrations);
    await handle.subgraph.prepare();
  });
  afterAll(() => handle.conn?.close());

  async function run(query: string, variables: Record<string, unknown>, principal: Principal): Promise<SingleResult> {
    // Any subgraph: its server takes the context that same subgraph built.
    const subgraph: Subgraph<any, any> = handle.subgraph;
    const contextValue = subgraph.createContext({ principal, requestId: randomUUID(), operation: `${name}-test` });
    const response = await subgraph.server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult as SingleResult;
  }

  return {
    get subgraph(): BuiltSubgraphs[Name] {
      return handle.subgraph;
    },
    get db(): Db {
      return handle.db;
    },
    run,
    /** `_entities` for `representations` (each with its __typename), selecting `fields` on `typename`. */
    entities: (typename: string, representations: Record<string, unknown>[], fields: string, principal: Principal) =>
      run(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${fields} } } }`,
        { r: representations.map((r) => ({ __typename: typename, ...r })) },
        principal,
      ),
    rows: async <T = Record<string, unknown>>(query: SQL) => rowsOf<T>(await handle.db.execute(query)),
  };
}
