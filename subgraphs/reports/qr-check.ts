/**
 * Which QR codes a report's pages may show. The codes are read off the pages by pdf-reader-worker.ts (pdfjs on
 * @napi-rs/canvas, then jsqr), in a worker thread; this module is the rule alone, for the thread that answers.
 */

/** More codes than a page of ours carries (the cover has two) means someone added some. */
export const MOST_PER_PAGE = 4;

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
