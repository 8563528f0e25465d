/**
 * The worker thread that reads PDF copies for verification (started by pdf-reader.ts, never imported by the
 * thread that serves requests): pdfjs-dist's legacy build and its polyfills live here only. It answers each
 * request with plain data: the pages' visible text, the attached files and the QR codes each page shows.
 */
import { parentPort } from 'node:worker_threads';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { PdfCopy, WorkerAnswer, WorkerRequest } from './pdf-reader.js';
import { MOST_PER_PAGE } from './qr-check.js';

// jsqr is CommonJS with a default export: under Node's ESM the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** Reading a page (and its QR codes) costs time: a copy far longer than any report is not read. */
const MOST_PAGES = 100;
/** Pixels per PDF point for the header band, where our 46 pt code stands: ~3 pixels a module. */
const BAND_SCALE = 2.5;
/** The rest of the page is read at this scale: codes from about 2.5 cm (the cover's is 3.9 cm). */
const PAGE_SCALE = 1.1;
/** The share of the page's height, from the top, where the header's code stands. */
const BAND = 0.12;

async function readPdf(bytes: Uint8Array, progress: () => void): Promise<PdfCopy> {
  const pdf = await getDocument({ data: bytes, verbosity: 0, isEvalSupported: false }).promise;
  progress();
  try {
    if (pdf.numPages > MOST_PAGES) throw new Error(`信用报告最多 ${MOST_PAGES} 页，该文件有 ${pdf.numPages} 页`);
    const pages: PdfCopy['pages'] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const items = (await page.getTextContent()).items.filter((item): item is TextItem => 'str' in item);
      // Text nobody can read is not on the page: outside the page box, or drawn smaller than a point.
      const visible = items.filter(
        ({ transform: [a, b, c, d, x, y] }) =>
          x >= x0 - 1 && x <= x1 && y >= y0 - 1 && y <= y1 && Math.hypot(a, b) >= 1 && Math.hypot(c, d) >= 1,
      );
      progress();
      pages.push({
        view: [...page.view],
        items: visible.map(({ str, hasEOL, transform: [a, b, c, d, x, y] }) => ({ str, hasEOL, transform: [a, b, c, d, x, y] })),
      });
    }
    const attachments: PdfCopy['attachments'] = {};
    for (const [name, file] of Object.entries((await pdf.getAttachments()) ?? {}))
      attachments[name] = new Uint8Array((file as { content: Uint8Array }).content);
    return { pages, attachments, qr: await qrCodesOnPages(pdf, progress) };
  } finally {
    await pdf.destroy();
  }
}

/** Reads codes off a canvas until none is left, painting each over before the next read. */
function drain(canvas: Canvas, found: string[]): void {
  const context = canvas.getContext('2d');
  for (let n = 0; n <= MOST_PER_PAGE; n++) {
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = jsQR(image.data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' });
    if (!code) return;
    // jsQR may report a finder pattern with no data; that is not a code anyone could follow.
    if (code.data) found.push(code.data);
    const { topLeftCorner: a, topRightCorner: b, bottomLeftCorner: c, bottomRightCorner: d } = code.location;
    const [x0, x1, y0, y1] = [
      Math.min(a.x, b.x, c.x, d.x),
      Math.max(a.x, b.x, c.x, d.x),
      Math.min(a.y, b.y, c.y, d.y),
      Math.max(a.y, b.y, c.y, d.y),
    ];
    const pad = Math.max(6, (x1 - x0) / 8);
    context.fillStyle = '#ffffff';
    context.fillRect(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad);
  }
}

/**
 * The QR codes a reader sees on each page, as a phone would read them: each page rendered (pdfjs on
 * @napi-rs/canvas) and read until no code is left, each code painted over before the next read. The
 * header band is read at full resolution, the rest of the page at a lower one (reading costs by the pixel).
 */
async function qrCodesOnPages(pdf: PDFDocumentProxy, progress: () => void): Promise<string[][]> {
  const pages: string[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    /** The page (from the top, `part` of its height) on a white canvas at `scale`. */
    const render = async (scale: number, part: number): Promise<Canvas> => {
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height * part));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
      return canvas;
    };
    const found: string[] = [];
    const band = await render(BAND_SCALE, BAND);
    drain(band, found);
    const whole = await render(PAGE_SCALE, 1);
    // The band's codes are read already: painted over, so they are not counted twice.
    whole
      .getContext('2d')
      .drawImage(band, 0, 0, band.width, band.height, 0, 0, whole.width, Math.ceil(band.height * (PAGE_SCALE / BAND_SCALE)));
    drain(whole, found);
    page.cleanup();
    progress();
    pages.push(found);
  }
  return pages;
}

// One file at a time: the pool sends the next only after this one's answer.
parentPort!.on('message', async ({ job, bytes }: WorkerRequest) => {
  let answer: WorkerAnswer;
  try {
    // Each step tells the pool this worker is not stuck: its deadline is per step (pdf-reader.ts).
    answer = { job, copy: await readPdf(bytes, () => parentPort!.postMessage({ job, progress: true } satisfies WorkerAnswer)) };
  } catch (error) {
    answer = { job, unreadable: error instanceof Error ? error.message : String(error) };
  }
  // The attached files are handed over, not copied.
  const files = 'copy' in answer ? Object.values(answer.copy.attachments).map((file) => file.buffer as ArrayBuffer) : [];
  parentPort!.postMessage(answer, files);
});
