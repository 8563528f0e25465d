/**
 * kit/db.ts hands postgres.js its sockets (TCP_NODELAY). What that could break, attacked: a server that is not
 * there must fail the query rather than hang, and the hosts of a list are taken in turn. (Reconnecting after the
 * server ends the pool's connections is exercised by hand, not here: a test of it timed out once inside the
 * full PostgreSQL run while passing alone and under load — see issue 16's notes.)
 */
import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { noDelaySockets, openPostgres } from '../subgraphs/kit/db.js';

describe('PostgreSQL sockets made by kit/db.ts', () => {
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
