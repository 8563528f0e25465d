/**
 * kit/db.ts hands postgres.js its sockets (TCP_NODELAY). What that could break, attacked on PostgreSQL: a pool
 * whose connections the server ends must open new ones through the same factory, a server that is not there
 * must fail the query rather than hang, and the hosts of a list are taken in turn.
 */
import net from 'node:net';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDelaySockets, openPostgres, type Connection } from '../subgraphs/kit/db.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { freshDatabase } from './support/database.js';

const onPostgres = !!process.env.DATABASE_URL;

describe.skipIf(!onPostgres)('PostgreSQL sockets made by kit/db.ts', () => {
  let conn: Connection;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    conn = await openPostgres(database.url!, { maxConnections: 3 });
  });
  afterAll(async () => {
    await conn?.close();
    await drop?.();
  });

  it('opens new connections after the server ends every one of the pool', async () => {
    const db = conn.forSubgraph('records');
    await Promise.all([1, 2, 3].map(() => db.execute(sql`select pg_sleep(0.05)`)));
    const admin = await openPostgres(process.env.DATABASE_URL!, { maxConnections: 1 });
    const adminDb = admin.forSubgraph('records');
    const [{ db: name }] = rowsOf<{ db: string }>(await db.execute(sql`select current_database() as db`)) as [{ db: string }];
    await adminDb.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`);
    await admin.close();
    // postgres.js notices the closed sockets and asks the factory for new ones; a query fails at most once.
    let answered = 0;
    for (let attempt = 0; attempt < 5 && answered < 3; attempt++)
      answered += (await Promise.allSettled([1, 2, 3].map(() => db.execute(sql`select 1`)))).filter((r) => r.status === 'fulfilled').length;
    expect(answered).toBeGreaterThanOrEqual(3);
  });

  it('fails a query to a port nobody listens on, without hanging', async () => {
    const closed = net.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(openPostgres(`postgres://postgres@127.0.0.1:${port}/test`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the socket factory', () => {
  it('takes the hosts of a list in turn', async () => {
    const servers = await Promise.all(
      [0, 1].map(async () => {
        const server = net.createServer((socket) => socket.destroy());
        server.listen(0, '127.0.0.1');
        await once(server, 'listening');
        return server;
      }),
    );
    const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
    const make = noDelaySockets();
    const reached: number[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = make({ host: ['127.0.0.1', '127.0.0.1'], port: ports });
      await once(socket, 'connect');
      reached.push(socket.remotePort!);
      socket.destroy();
    }
    expect(reached).toEqual([ports[0], ports[1], ports[0]]);
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
});
