import QRCode from 'qrcode';
import { reportBlocks } from './layout.js';
import type { SignedReport } from './render-pdf.js';

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TAGS = { title: 'h1', meta: 'p class="meta"', heading: 'h2', line: 'p', note: 'p class="note"' } as const;

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
<title>公共信用信息报告 ${escapeHtml(report.content.number)}</title>
<style>
@font-face { font-family: "Noto Sans SC Report"; src: url("${assetBase}/NotoSansHans-Regular.otf") format("opentype"); }
body { font-family: "Noto Sans SC Report", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; color: #111; line-height: 1.6; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #ccc; }
p { margin: .2rem 0; } .meta, .note, .signature { color: #444; font-size: .85rem; } .signature { word-break: break-all; margin-top: 1.5rem; }
.qr { float: right; width: 7rem; height: 7rem; } .qr svg { width: 100%; height: 100%; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>
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
