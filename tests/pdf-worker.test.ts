/**
 * Issue 16: pdfjs-dist's legacy build replaces JSON.stringify, JSON.parse, Array.prototype.push and more
 * process-wide when it loads, and JSON became several times slower in every process running the reports
 * subgraph (the embedded platform: all five subgraphs). PDF copies are now read in worker threads
 * (subgraphs/reports/pdf-reader.ts): the thread that serves keeps its natives, and a file that breaks or
 * stalls the reader gets a clear refusal, never a crash or a hang. This file must not import pdfjs itself.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPdfReader, pdfReader, PdfReaderFailed } from '../subgraphs/reports/pdf-reader.js';
import { createReportsSubgraph } from '../subgraphs/reports/server.js';
import { verifyReportFile } from '../subgraphs/reports/verify.js';
import { gatewayClient, useSeededSystem } from './support/system.js';

/** The globals pdfjs-dist's polyfills touch, and their neighbours. Also run in a fresh process below (as its source). */
function globalRoots(): Record<string, object> {
  return {
    globalThis,
    Object,
    'Object.prototype': Object.prototype,
    'Function.prototype': Function.prototype,
    Array,
    'Array.prototype': Array.prototype,
    JSON,
    Promise,
    'Promise.prototype': Promise.prototype,
    Map,
    'Map.prototype': Map.prototype,
    Set,
    'Set.prototype': Set.prototype,
    'WeakMap.prototype': WeakMap.prototype,
    URL,
    'URL.prototype': URL.prototype,
    String,
    'String.prototype': String.prototype,
    Number,
    Math,
    Reflect,
    Symbol,
    Uint8Array,
    'Uint8Array.prototype': Uint8Array.prototype,
    'ArrayBuffer.prototype': ArrayBuffer.prototype,
    'TypedArray.prototype': Object.getPrototypeOf(Uint8Array.prototype),
    'Iterator.prototype': Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
    'RegExp.prototype': RegExp.prototype,
    'Date.prototype': Date.prototype,
  };
}

/** Every own property of each root, by value (a getter read), keyed by its name. */
function snapshot(roots: Record<string, object>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [name, root] of Object.entries(roots))
    for (const key of Reflect.ownKeys(root)) {
      let value: unknown;
      try {
        value = Reflect.get(root, key);
      } catch {
        value = 'throws';
      }
      values.set(`${name}.${String(key)}`, value);
    }
  return values;
}

function differences(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => !Object.is(a.get(key), b.get(key)));
}

// Node defines some globals lazily (fetch loads undici, which adds its dispatcher): read once before comparing.
snapshot(globalRoots());

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const origin = () => new URL(ctx.system.gateway.url).origin;

let number: string;
let pdf: Buffer;
/** The issued PDF with a comment after its end: not the same bytes, so its pages are read, and the same report. */
let copy: Buffer;
let key: KeyObject;

beforeAll(async () => {
  const report = (
    await gql(`query($c: String!) { subjectByCode(code: $c) { creditReport { number pdfUrl } } }`, { c: ctx.demo.companyCode })
  ).data.subjectByCode.creditReport;
  number = report.number;
  pdf = Buffer.from(await (await fetch(report.pdfUrl)).arrayBuffer());
  copy = Buffer.concat([pdf, Buffer.from('\n% a copy made elsewhere\n')]);
  key = createPublicKey(await (await fetch(`${origin()}/.well-known/credit-report-key.pem`)).text());
});

const upload = async (body: Uint8Array): Promise<any> =>
  (await fetch(`${origin()}/reports/verify?number=${number}`, { method: 'POST', body: new Uint8Array(body) })).json();

/** Waits until the shared reader has a worker reading a file, and returns it. */
async function busyWorker() {
  for (let tries = 0; tries < 2000; tries++) {
    const busy = pdfReader.workers().find((slot) => slot.busy);
    if (busy) return busy.worker;
    await new Promise((wait) => setTimeout(wait, 5));
  }
  throw new Error('no worker became busy');
}

describe('the thread that serves keeps its own globals', () => {
  it('verifying an issued report online and offline here changes none of them', async () => {
    const before = snapshot(globalRoots());
    const online = await upload(copy);
    const offline = await verifyReportFile(pdf, key);
    // Vitest's expect keeps its per-test state on globalThis under this symbol: the harness's, not the platform's.
    const changed = differences(before, snapshot(globalRoots())).filter((name) => name !== 'globalThis.Symbol($$jest-matchers-object)');
    expect(online).toMatchObject({ authentic: true, identical: false, readable: true, contentMatches: true, unaltered: true });
    expect(offline).toMatchObject({ ok: true, number });
    expect(changed).toEqual([]);
  });

  it('in a fresh process: the reports server loaded and a report verified, JSON and push are the natives, and the idle reader lets it exit', async () => {
    // Vitest runs files in one worker that keeps modules (isolate: false): another file may have loaded pdfjs
    // here already. A process of its own starts clean, loads only the reports subgraph, and must exit by itself.
    const dir = mkdtempSync(join(tmpdir(), 'pdf-worker-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), pdf);
      writeFileSync(join(dir, 'key.pem'), key.export({ format: 'pem', type: 'spki' }));
      const module = (path: string) => JSON.stringify(pathToFileURL(join(process.cwd(), path)).href);
      writeFileSync(
        join(dir, 'probe.mts'),
        `
        const toString = Function.prototype.toString;
        const natives = { 'JSON.stringify': JSON.stringify, 'JSON.parse': JSON.parse, 'Array.prototype.push': Array.prototype.push,
          'Function.prototype.toString': toString, structuredClone };
        ${globalRoots.toString()}
        ${snapshot.toString()}
        ${differences.toString()}
        snapshot(globalRoots());
        const before = snapshot(globalRoots());
        await import(${module('subgraphs/reports/server.ts')});
        const { verifyReportFile } = await import(${module('subgraphs/reports/verify.ts')});
        const { createPublicKey } = await import('node:crypto');
        const { readFileSync } = await import('node:fs');
        const result = await verifyReportFile(readFileSync('report.pdf'), createPublicKey(readFileSync('key.pem')));
        const changed = differences(before, snapshot(globalRoots()));
        const current = { 'JSON.stringify': JSON.stringify, 'JSON.parse': JSON.parse, 'Array.prototype.push': Array.prototype.push,
          'Function.prototype.toString': Function.prototype.toString, structuredClone };
        const notNative = Object.keys(natives).filter((name) => current[name] !== natives[name] || !toString.call(current[name]).includes('[native code]'));
        process.stdout.write(JSON.stringify({ ok: result.ok, message: result.message, changed, notNative }));
        `,
      );
      const { stdout } = await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/tsx'), [join(dir, 'probe.mts')], {
        cwd: dir,
        // A reader that held the process open would hang it: killed here, and execFile rejects.
        timeout: 45_000,
        env: { ...process.env, LOG_LEVEL: 'silent' },
      });
      const probe = JSON.parse(stdout) as { ok: boolean; message: string; changed: string[]; notNative: string[] };
      expect(probe.message).toMatch(new RegExp(`^真实有效，内容与签名一致：报告 ${number}`));
      expect(probe).toMatchObject({ ok: true, changed: [], notNative: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a file the reader cannot read gets a clear refusal', () => {
  const garbage = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nnot a pdf at all\n%%EOF\n');
  const truncated = () => pdf.subarray(0, Math.floor(pdf.length / 3));

  it('online: unreadable, not altered and not authentic-as-a-copy, with the reason', async () => {
    for (const body of [garbage, truncated()]) {
      const answer = await upload(body);
      expect(answer).toMatchObject({ found: true, authentic: true, identical: false, contentMatches: false, unaltered: false });
      // A truncated file may still open: then its text is what is missing, else it is unreadable.
      if (answer.readable === false) expect(answer.firstDifference).toBe('文件无法读取');
      else expect(answer.difference).not.toBeNull();
    }
    expect(await upload(garbage)).toMatchObject({ readable: false, firstDifference: '文件无法读取' });
  });

  it('offline: "PDF 无法读取" with pdfjs\'s reason, and a file that is no PDF at all is told so', async () => {
    expect(await verifyReportFile(garbage, key)).toMatchObject({ ok: false, message: expect.stringMatching(/^PDF 无法读取：\S/) });
    expect((await verifyReportFile(truncated(), key)).ok).toBe(false);
    expect((await verifyReportFile(Buffer.from('just text'), key)).message).toBe('不是 PDF 文件');
    // And the reader still reads what it can.
    expect((await verifyReportFile(copy, key)).ok).toBe(true);
  });
});

describe('a reader that dies or stalls is replaced', () => {
  it('a worker killed mid-verification fails that verification clearly; the next one succeeds', async () => {
    const offline = verifyReportFile(copy, key);
    const killed = await busyWorker();
    await killed.terminate();
    expect(await offline).toMatchObject({ ok: false, message: expect.stringMatching(/^PDF 无法读取：读取进程意外退出/) });
    expect(pdfReader.workers().map((slot) => slot.worker)).not.toContain(killed);
    expect(await verifyReportFile(copy, key)).toMatchObject({ ok: true, number });

    const online = upload(copy);
    await (await busyWorker()).terminate();
    expect(await online).toMatchObject({
      readable: false,
      contentMatches: false,
      unaltered: false,
      firstDifference: expect.stringMatching(/^文件无法读取：读取进程意外退出/),
    });
    expect(await upload(copy)).toMatchObject({ readable: true, contentMatches: true, unaltered: true });
  });

  it('a read that makes no step within its deadline is aborted with the reason and its worker ended', async () => {
    const hasty = createPdfReader({ size: 1, deadlineMs: 20 });
    try {
      const failed = await hasty.read(copy).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(PdfReaderFailed);
      expect((failed as Error).message).toBe('读取停滞超过 0.02 秒，已中止');
      expect(hasty.workers()).toEqual([]);
    } finally {
      await hasty.close();
    }
  });

  it('closing fails the reads in flight and queued, ends every worker, and a later read starts afresh', async () => {
    const reader = createPdfReader({ size: 1 });
    const reads = [reader.read(copy), reader.read(copy)].map((read) => read.catch((error: unknown) => error));
    expect(reader.workers()).toHaveLength(1);
    await reader.close();
    for (const failed of await Promise.all(reads)) expect((failed as Error).message).toBe('服务正在停止，读取已中止');
    expect(reader.workers()).toEqual([]);
    expect((await reader.read(copy)).attachments['report.json']).toBeInstanceOf(Uint8Array);
    await reader.close();
  });

  it("the reports server stopping ends the shared reader's workers", async () => {
    expect(await verifyReportFile(copy, key)).toMatchObject({ ok: true });
    expect(pdfReader.workers().length).toBeGreaterThan(0);
    const reports = createReportsSubgraph({
      db: ctx.system.db.reports,
      secrets: ctx.system.secrets,
      env: {},
      gatewayUrl: () => ctx.system.gateway.url,
    });
    await reports.server.start();
    await reports.server.stop();
    expect(pdfReader.workers()).toEqual([]);
  });
});

describe('many verifications at once', () => {
  it('all answer, each rightly, online and offline', async () => {
    const stranger = generateKeyPairSync('ed25519').publicKey;
    const online = Array.from({ length: 5 }, () => upload(copy));
    const offline = Array.from({ length: 5 }, (_, i) => verifyReportFile(copy, i % 4 === 3 ? stranger : key));
    for (const answer of await Promise.all(online)) expect(answer).toMatchObject({ readable: true, contentMatches: true, unaltered: true });
    for (const [i, answer] of (await Promise.all(offline)).entries()) expect(answer.ok, answer.message).toBe(i % 4 !== 3);
    // One worker reads them in turn on two cores (about a second each when the machine is idle).
  }, 300_000);
});
