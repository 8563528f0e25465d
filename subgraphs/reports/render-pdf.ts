import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ReportContent } from './compose.js';
import { reportBlocks } from './layout.js';

/** Noto Sans SC from an npm package (OFL-1.1): Chinese renders on any machine, no system fonts needed. */
export const FONT_FILE = fileURLToPath(new URL('../fonts/NotoSansHans-Regular.otf', import.meta.resolve('@embedpdf/fonts-sc')));

const SIZES = { title: 20, meta: 9.5, heading: 12.5, line: 10.5, note: 9 } as const;

export interface SignedReport {
  content: ReportContent;
  canonical: string;
  signature: string;
  keyId: string;
  verifyUrl: string;
}

/**
 * The PDF of a signed report, byte for byte the same for the same report (dates from the report, no
 * randomness): its SHA-256 is kept at issue. The canonical JSON and the signature travel inside as
 * attachments, for verification offline with the public key.
 */
export async function renderPdf(report: SignedReport): Promise<Buffer> {
  const issued = new Date(report.content.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    info: { Title: `公共信用信息报告 ${report.content.number}`, Author: report.content.issuer, Producer: '信用太仓', Creator: '信用太仓', CreationDate: issued, ModDate: issued },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => doc.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject));
  doc.registerFont('SC', FONT_FILE);
  doc.font('SC');
  const width = doc.page.width - 120;
  const qr = await QRCode.toBuffer(report.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
  doc.image(qr, doc.page.width - 60 - 84, 48, { width: 84 });
  for (const block of reportBlocks(report.content, report.verifyUrl)) {
    if (block.style === 'heading') doc.moveDown(0.6);
    doc.fontSize(SIZES[block.style]).fillColor(block.style === 'meta' || block.style === 'note' ? '#444444' : '#000000');
    // Title and meta lines leave room for the QR code at the top right.
    doc.text(block.text, { width: block.style === 'title' || block.style === 'meta' ? width - 96 : width, lineGap: 2 });
    if (block.style === 'title') doc.moveDown(0.4);
  }
  doc.moveDown(1).fontSize(8).fillColor('#444444');
  doc.text(`电子签名（Ed25519，密钥标识 ${report.keyId}）：`, { width });
  doc.text(report.signature, { width, characterSpacing: 0.2 });
  const attach = doc as unknown as { file(src: Buffer, options: { name: string; type: string; description: string; creationDate: Date; modifiedDate: Date }): void };
  attach.file(Buffer.from(report.canonical, 'utf8'), { name: 'report.json', type: 'application/json', description: '报告签名原文（规范化JSON）', creationDate: issued, modifiedDate: issued });
  attach.file(Buffer.from(report.signature, 'base64url'), { name: 'report.sig', type: 'application/octet-stream', description: 'Ed25519 签名（原始字节）', creationDate: issued, modifiedDate: issued });
  doc.end();
  return done;
}
