import QRCode from 'qrcode';
import { FORMAT_V1 } from './blocks-v1.js';
import { documentTitle, pageHeader, reportBlocks, type Block } from './layout.js';
import type { SignedReport } from './render-pdf.js';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TAGS: Record<Block['style'], string> = {
  title: 'h1',
  subtitle: 'p class="subtitle"',
  meta: 'p class="meta"',
  heading: 'h2',
  subheading: 'h3',
  item: 'p class="item"',
  line: 'p',
  note: 'p class="note"',
  break: 'div class="page-break"',
};

const cssString = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;

/** Format 1's page, exactly as it was served: its SHA-256 still identifies a saved copy. */
function legacyHead(report: SignedReport, assetBase: string): string {
  return `<title>公共信用信息报告 ${escapeHtml(report.content.number)}</title>
<style>
@font-face { font-family: "Noto Sans SC Report"; src: url("${assetBase}/NotoSansHans-Regular.otf") format("opentype"); }
body { font-family: "Noto Sans SC Report", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; color: #111; line-height: 1.6; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #ccc; }
p { margin: .2rem 0; } .meta, .note, .signature { color: #444; font-size: .85rem; } .signature { word-break: break-all; margin-top: 1.5rem; }
.qr { float: right; width: 7rem; height: 7rem; } .qr svg { width: 100%; height: 100%; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>`;
}

/**
 * Format 2's page. Printed, every page carries the title and number (an @page margin box, not text of
 * the page) with the QR code beside it and "第 x 页 共 y 页" below: page furniture, as in the PDF.
 */
function head(report: SignedReport, assetBase: string, qr: string): string {
  const title = `${documentTitle(report.content)} ${report.content.number}`;
  // The QR code in the top right margin box of every printed page, as an image of the same SVG.
  const pageQr = `data:image/svg+xml;base64,${Buffer.from(qr.replace('<svg ', '<svg width="60" height="60" ')).toString('base64')}`;
  return `<title>${escapeHtml(title)}</title>
<style>
@font-face { font-family: "Noto Sans SC Report"; src: url("${assetBase}/NotoSansHans-Regular.otf") format("opentype"); }
@page { size: A4; margin: 26mm 20mm 22mm;
  @top-left { content: ${cssString(pageHeader(report.content))}; font: 8.5pt "Noto Sans SC Report", sans-serif; color: #444; }
  @top-right { content: url("${pageQr}"); vertical-align: bottom; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 8.5pt "Noto Sans SC Report", sans-serif; color: #444; } }
body { font-family: "Noto Sans SC Report", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; color: #111; line-height: 1.6; }
h1 { font-size: 1.8rem; margin: 3rem 0 .3rem; text-align: center; } .subtitle { text-align: center; margin-bottom: 2rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1rem; margin: .9rem 0 .3rem; }
p { margin: .2rem 0; } .item { font-weight: bold; margin-top: .6rem; } .meta { font-size: 1rem; margin-left: 3rem; }
.note, .signature { color: #444; font-size: .85rem; } .signature { word-break: break-all; margin-top: 1.5rem; }
.qr { float: right; width: 7rem; height: 7rem; } .qr svg { width: 100%; height: 100%; }
@media print { body { margin: 0; max-width: none; } .qr { display: none; }
  .page-break { break-after: page; } a { color: inherit; text-decoration: none; } }
</style>`;
}

/**
 * The report for screens and printing: the same blocks as the PDF, the QR code inline, the font from the
 * gateway (no CJK system font is assumed), the signed JSON and signature in the page for offline checks.
 */
export async function renderHtml(report: SignedReport, assetBase: string): Promise<string> {
  const qr = await QRCode.toString(report.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const body = reportBlocks(report.content, report.verifyUrl)
    .map((block) => {
      const tag = TAGS[block.style];
      return `<${tag}>${escapeHtml(block.text)}</${tag.split(' ')[0]}>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${report.content.format === FORMAT_V1 ? legacyHead(report, assetBase) : head(report, assetBase, qr)}
</head>
<body>
<div class="qr" aria-label="验真二维码">${qr}</div>
${body}
<p class="signature" id="signature">电子签名（Ed25519，密钥标识 ${escapeHtml(report.keyId)}）：${escapeHtml(report.signature)}</p>
<script type="application/json" id="signed-content">${report.canonical.replace(/</g, '\\u003c')}</script>
</body>
</html>
`;
}
