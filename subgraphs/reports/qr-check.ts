import { createCanvas, type Canvas } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

// jsqr is CommonJS with a default export: under Node's ESM the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** Pixels per PDF point for the header band, where our 46 pt code stands: ~3 pixels a module. */
const BAND_SCALE = 2.5;
/** The rest of the page is read at this scale: codes from about 2.5 cm (the cover's is 3.9 cm). */
const PAGE_SCALE = 1.1;
/** The share of the page's height, from the top, where the header's code stands. */
const BAND = 0.12;
/** More codes than a page of ours carries (the cover has two) means someone added some. */
const MOST_PER_PAGE = 4;

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
export async function qrCodesOnPages(pdf: PDFDocumentProxy): Promise<string[][]> {
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
    pages.push(found);
  }
  return pages;
}

/**
 * Whether every code on the pages sends a reader to the report's verification address (`expected`, or
 * offline without the platform's address any origin's verification page of this number), and there is
 * one: else what is wrong, in words.
 */
export function qrProblem(pages: string[][], expected: string | { number: string }): string | null {
  const right = (code: string) =>
    typeof expected === 'string'
      ? code === expected
      : /^https?:\/\/[^/?#]+\/reports\/verify\?number=(TCXY\d{8}[0-9A-Z]{8})$/.exec(code)?.[1] === expected.number;
  for (const [i, codes] of pages.entries()) {
    const wrong = codes.find((code) => !right(code));
    if (wrong !== undefined) return `第 ${i + 1} 页的二维码指向「${wrong.slice(0, 120)}」，不是本报告的验真地址`;
    if (codes.length > MOST_PER_PAGE) return `第 ${i + 1} 页的二维码多于报告所有`;
  }
  if (!pages.some((codes) => codes.length)) return '页面上没有验真二维码';
  return null;
}
