import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { log } from '../kit/log.js';

/**
 * Reading a PDF copy (its text, attached files and QR codes) runs in worker threads, never in the thread
 * that serves requests: pdfjs-dist's legacy build installs core-js polyfills process-wide when it loads
 * (JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString and more), which made
 * every JSON.stringify of the embedded platform several times slower. A worker has globals of its own.
 * The worker is pdf-reader-worker.ts; what crosses is plain data (structured clone).
 */

/** A text item as pdfjs gives it, reduced to what the comparison reads. */
export interface PageItem {
  str: string;
  /** The text matrix [a, b, c, d, x, y], in PDF points. */
  transform: [number, number, number, number, number, number];
  hasEOL: boolean;
}

/** What a reader sees of a PDF, page by page, and the files it carries. */
export interface PdfCopy {
  /** Each page's box (pdfjs `page.view`) and the text visible on it. */
  pages: { view: number[]; items: PageItem[] }[];
  attachments: Record<string, Uint8Array>;
  /** The QR codes each page shows, as a phone reads them. */
  qr: string[][];
}

/** The file itself cannot be read (not a PDF pdfjs can open, too many pages …): the message says why. */
export class PdfUnreadable extends Error {
  override name = 'PdfUnreadable';
}

/** The reader failed, not the file's content as such: it ran past its deadline, its thread died, or it was stopped. */
export class PdfReaderFailed extends Error {
  override name = 'PdfReaderFailed';
}

export interface PdfReaderOptions {
  /** Worker threads at most; default 1 on two cores or fewer, else 2 (each reads one file at a time). */
  size?: number;
  /**
   * How long a worker may go without a step of progress (the file opened, a page's text, a page's codes) before
   * it is taken for hung, ended and replaced; default 30 s, where a page takes well under a second. Per step, not
   * per file: a long copy that keeps moving (up to MOST_PAGES pages) is read as before, a stuck one is not waited for.
   */
  deadlineMs?: number;
}

export interface PdfReader {
  read(bytes: Uint8Array): Promise<PdfCopy>;
  /** Ends every worker; reads in flight or queued fail with PdfReaderFailed. A later read starts workers anew. */
  close(): Promise<void>;
  /** The worker threads now running and whether each is reading (for tests: kill one mid-read). */
  workers(): { worker: Worker; busy: boolean }[];
}

/** Worker → pool: a step done (the deadline starts again), the copy, or why the file cannot be read. */
export type WorkerAnswer = { job: number; progress: true } | { job: number; copy: PdfCopy } | { job: number; unreadable: string };
/** Pool → worker. */
export interface WorkerRequest {
  job: number;
  bytes: Uint8Array;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve(copy: PdfCopy): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  deadline?: NodeJS.Timeout;
}

/**
 * How the worker starts. From source (tsx in dev, tests and `npm start`) the worker is a .ts file: Node 20
 * does not apply the parent's tsx loader (--import) inside a worker, so a small bootstrap registers tsx's
 * ESM hooks in the worker first (tsx/esm/api, its "import" build: the CommonJS one cannot register from
 * there) and then imports the worker module. Compiled to .js it would be started directly.
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  const extension = /\.[cm]?[jt]s$/.exec(new URL(import.meta.url).pathname)?.[0] ?? '.js';
  const file = new URL(`./pdf-reader-worker${extension}`, import.meta.url);
  if (!extension.endsWith('ts')) return { entry: file, eval: false };
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const api = (require(manifest) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsxApi = new URL(api, pathToFileURL(manifest)).href;
  return {
    entry: `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`,
    eval: true,
  };
}

export function createPdfReader(options: PdfReaderOptions = {}): PdfReader {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism() - 1));
  const deadlineMs = options.deadlineMs ?? 30_000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let jobs = 0;
  let started: ReturnType<typeof workerEntry> | undefined;

  /** The slot's worker is gone (or is made to go): its job fails with `error`, and a queued job gets a new worker. */
  function retire(slot: Slot, error: Error): void {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    slots.splice(at, 1);
    clearTimeout(slot.deadline);
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate().catch(() => {});
    job?.reject(error);
    pump();
  }

  /** The slot's worker died or stalled: an operator should hear of it when it cost a verification. */
  function fail(slot: Slot, error: PdfReaderFailed): void {
    if (slot.job && slots.includes(slot)) log.warn({ err: error, job: slot.job.id }, 'pdf reader worker failed mid-read; it is replaced');
    retire(slot, error);
  }

  function spawn(): Slot {
    started ??= workerEntry();
    // A heap of its own, bounded: a file built to exhaust memory ends this worker, not the platform.
    const worker = new Worker(started.entry, {
      eval: started.eval,
      execArgv: [],
      name: 'pdf-reader',
      resourceLimits: { maxOldGenerationSizeMb: 768 },
    });
    const slot: Slot = { worker, job: null };
    worker.on('message', (answer: WorkerAnswer) => {
      const job = slot.job;
      if (!job || answer.job !== job.id) return;
      clearTimeout(slot.deadline);
      if ('progress' in answer) return watch(slot);
      slot.job = null;
      // Idle, the worker must not keep a process (a test run, the CLI) alive.
      worker.unref();
      if ('copy' in answer) job.resolve(answer.copy);
      else job.reject(new PdfUnreadable(answer.unreadable));
      pump();
    });
    worker.on('error', (error) => fail(slot, new PdfReaderFailed(`读取进程出错：${error.message}`)));
    worker.on('messageerror', (error) => fail(slot, new PdfReaderFailed(`读取结果无法传回：${error.message}`)));
    worker.on('exit', (code) => fail(slot, new PdfReaderFailed(`读取进程意外退出（退出码 ${code}）`)));
    worker.unref();
    slots.push(slot);
    return slot;
  }

  /** The slot's worker must make its next step within the deadline. */
  function watch(slot: Slot): void {
    slot.deadline = setTimeout(() => fail(slot, new PdfReaderFailed(`读取停滞超过 ${deadlineMs / 1000} 秒，已中止`)), deadlineMs);
  }

  function pump(): void {
    while (queue.length) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      // Busy, it holds the process open: the caller is waiting for its answer.
      slot.worker.ref();
      watch(slot);
      const request: WorkerRequest = { job: job.id, bytes: job.bytes };
      slot.worker.postMessage(request, [job.bytes.buffer as ArrayBuffer]);
    }
  }

  return {
    read(bytes) {
      return new Promise<PdfCopy>((resolve, reject) => {
        // A copy of its own, handed over to the worker (transferred, not copied again).
        queue.push({ id: ++jobs, bytes: new Uint8Array(bytes), resolve, reject });
        pump();
      });
    },
    async close() {
      const stopped = new PdfReaderFailed('服务正在停止，读取已中止');
      for (const job of queue.splice(0)) job.reject(stopped);
      const workers = slots.map((slot) => slot.worker);
      for (const slot of [...slots]) retire(slot, stopped);
      await Promise.all(workers.map((worker) => worker.terminate().catch(() => {})));
    },
    workers: () => slots.map((slot) => ({ worker: slot.worker, busy: slot.job !== null })),
  };
}

/** The process's reader, started on first use: verify.ts reads every PDF copy through it; the reports server closes it. */
export const pdfReader = createPdfReader();
