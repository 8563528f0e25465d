/**
 * Traces (issue 17): with OTEL_EXPORTER_OTLP_ENDPOINT set, one request through the gateway is one trace — the
 * gateway's spans and the span of each subgraph it asked, over HTTP (traceparent) and in process — exported
 * over OTLP/HTTP to a real receiver on a free port. Without the variable, nothing is set up.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../subgraphs/kit/tracing.js';
import { AS, gatewayInFront, post, useSeededSystem } from './support/system.js';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}
const received: ExportedSpan[] = [];
let receiver: Server;
let stopTracing: () => Promise<void>;

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/v1/traces') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const resource of body.resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
        for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) received.push({ ...span, service });
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  stopTracing = startTracing('xinyong-taicang-test');
});
afterAll(async () => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  await new Promise((resolve) => receiver.close(resolve));
});

const ctx = useSeededSystem();
const CREDIT_FILE = `query TracedFile($c: String!) { subjectByCode(code: $c) { id name creditRecords { id } repairApplications { number } } }`;

describe('one trace per request', () => {
  it('joins the gateway and the subgraphs it asked, over HTTP and in process', async () => {
    const overHttp = await gatewayInFront(ctx.system);
    const viaHttp = await post(overHttp.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
    expect(viaHttp.body.errors).toBeUndefined();
    const inProcess = await post(ctx.system.gateway.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
    expect(inProcess.body.errors).toBeUndefined();
    await overHttp.close();
    await stopTracing(); // flushes every span to the receiver

    const requests = received.filter((span) => span.name === 'gateway.request');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    const joined = requests.map((request) => {
      const inTrace = received.filter((span) => span.traceId === request.traceId);
      return new Set(inTrace.map((span) => span.name));
    });
    // Each request's trace holds the gateway's fetches and the request spans of the subgraphs that answered them.
    for (const names of joined.slice(-2)) {
      expect(names).toContain('gateway.fetch');
      expect(names).toContain('subjects request');
      expect(names).toContain('records request');
      expect(names).toContain('repairs request');
    }
    // Two requests, two traces.
    expect(new Set(requests.map((span) => span.traceId)).size).toBe(requests.length);
    expect([...new Set(received.map((span) => span.service))]).toEqual(['xinyong-taicang-test']);
  });

  it('sets nothing up without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const stop = startTracing('unused', {});
    await stop();
    const before = received.length;
    await post(ctx.system.gateway.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.length).toBe(before);
  });
});
