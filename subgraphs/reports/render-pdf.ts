import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ReportContent } from './compose.js';
import { documentTitle, pageHeader, pageNumber, reportBlocks, signatureLine, type Block } from './layout.js';

import { FONT_FILE } from './font.js';

export { FONT_FILE };

const SIZES: Record<Block['style'], number> = {
  title: 24,
  subtitle: 13,
  meta: 11,
  heading: 13,
  subheading: 11.5,
  item: 10.5,
  line: 10,
  note: 9,
  break: 10,
};
const GREY = '#444444';
const MARGIN = { top: 78, bottom: 66, left: 60, right: 60 };

export interface SignedReport {
  content: ReportContent;
  canonical: string;
  signature: string;
  keyId: string;
  verifyUrl: string;
}

type Doc = PDFKit.PDFDocument;

/** The cover: title and subtitle centred in the upper third, the cover lines below, a large QR code. */
function drawCover(doc: Doc, blocks: Block[], qr: Buffer, width: number): void {
  doc.y = 170;
  for (const block of blocks) {
    if (block.style === 'title') doc.fontSize(SIZES.title).fillColor('#000000').text(block.text, { width, align: 'center' }).moveDown(0.3);
    else if (block.style === 'subtitle') doc.fontSize(SIZES.subtitle).text(block.text, { width, align: 'center' }).moveDown(2.5);
    else if (block.style === 'meta')
      doc
        .fontSize(SIZES.meta)
        .fillColor('#000000')
        .text(block.text, MARGIN.left + 50, doc.y, { width: width - 100, lineGap: 6 });
    else if (block.style === 'note') {
      doc.image(qr, (doc.page.width - 110) / 2, doc.y + 30, { width: 110 });
      doc.y += 160;
      doc.fontSize(SIZES.note).fillColor(GREY).text(block.text, MARGIN.left, doc.y, { width, align: 'center' });
    }
  }
}

function drawBlock(doc: Doc, block: Block, width: number): void {
  if (block.style === 'break') return void doc.addPage();
  if (block.style === 'heading') doc.moveDown(0.8);
  if (block.style === 'subheading' || block.style === 'item') doc.moveDown(0.3);
  const indent = block.style === 'line' || block.style === 'note' ? 12 : 0;
  doc.fontSize(SIZES[block.style]).fillColor(block.style === 'note' || block.style === 'meta' ? GREY : '#000000');
  doc.text(block.text, MARGIN.left + indent, doc.y, { width: width - indent, lineGap: 2.5 });
  if (block.style === 'heading')
    doc
      .moveTo(MARGIN.left, doc.y + 1)
      .lineTo(MARGIN.left + width, doc.y + 1)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
      .moveDown(0.3);
}

/** Page furniture on every page: the title and number with a small QR code above, the page number below. */
function drawFurniture(doc: Doc, content: ReportContent, qr: Buffer, width: number): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Drawing in the margins must not open a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8.5)
      .fillColor(GREY)
      .text(pageHeader(content), MARGIN.left, 34, { width: width - 60, lineBreak: false });
    doc.image(qr, doc.page.width - MARGIN.right - 46, 16, { width: 46 });
    doc
      .moveTo(MARGIN.left, 66)
      .lineTo(MARGIN.left + width, 66)
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .stroke();
    doc
      .fontSize(8.5)
      .fillColor(GREY)
      .text(pageNumber(i - start + 1, count), MARGIN.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
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
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: `${documentTitle(report.content)} ${report.content.number}`,
      Author: report.content.issuer,
      Producer: '信用太仓',
      Creator: '信用太仓',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => doc.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject));
  doc.registerFont('SC', FONT_FILE);
  doc.font('SC');
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const qr = await QRCode.toBuffer(report.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
  const blocks = reportBlocks(report.content, report.verifyUrl);
  // Only reports of today's format are rendered: an issued PDF is kept as it was handed out.
  const coverEnd = blocks.findIndex((block) => block.style === 'break');
  drawCover(doc, blocks.slice(0, coverEnd), qr, width);
  for (const block of blocks.slice(coverEnd)) drawBlock(doc, block, width);
  doc.moveDown(1.2).fontSize(8).fillColor(GREY);
  const [label, signature] = [signatureLine(report.keyId, ''), report.signature];
  doc.text(label, MARGIN.left, doc.y, { width });
  doc.text(signature, { width, characterSpacing: 0.2 });
  drawFurniture(doc, report.content, qr, width);
  const attach = doc as unknown as {
    file(src: Buffer, options: { name: string; type: string; description: string; creationDate: Date; modifiedDate: Date }): void;
  };
  attach.file(Buffer.from(report.canonical, 'utf8'), {
    name: 'report.json',
    type: 'application/json',
    description: '报告签名原文（规范化JSON）',
    creationDate: issued,
    modifiedDate: issued,
  });
  attach.file(Buffer.from(report.signature, 'base64url'), {
    name: 'report.sig',
    type: 'application/octet-stream',
    description: 'Ed25519 签名（原始字节）',
    creationDate: issued,
    modifiedDate: issued,
  });
  doc.end();
  return done;
}
