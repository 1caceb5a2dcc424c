/**
 * DOCX and PDF of the child-friendly-commune decision and certificate in the Nghị định 30/2020
 * layout: A4, margins 20/20/30/15 mm, Times New Roman (DOCX) / DejaVu Serif Condensed (PDF, embedded, full
 * Vietnamese coverage); issuer and national motto side by side, number and place-date line, type and
 * summary centred in bold, body, then "Nơi nhận" left and the signature block right.
 * Written for this area before the shared layout of src/documents/ landed in main: when it does,
 * CffDocument maps one-to-one onto its OfficialDocument and these renderers can go.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, convertMillimetersToTwip } from 'docx';
import type { CffDocument, CffParagraph } from '../../domain/cff/documents.ts';

export const NATIONAL_MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_SLOGAN = 'Độc lập - Tự do - Hạnh phúc';
const FONT = 'Times New Roman';
const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 };

const numberLine = (d: CffDocument) => (d.number ? `Số: ${d.number}` : `Số:        /${d.symbol}`);

// ------------------------------------------------------------------ DOCX

const run = (text: string, size: number, opts: { bold?: boolean; italic?: boolean; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: size * 2, bold: opts.bold, italics: opts.italic, underline: opts.underline ? {} : undefined });
const centred = (text: string, size: number, opts: { bold?: boolean; italic?: boolean; underline?: boolean; after?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: opts.after ?? 0 }, children: [run(text, size, opts)] });
const NO_BORDERS = { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } };
const cell = (children: Paragraph[], pct: number) => new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE } });

function bodyParagraph(p: CffParagraph): Paragraph {
  const alignment = p.align === 'center' ? AlignmentType.CENTER : p.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED;
  return new Paragraph({ alignment, spacing: { before: 60, after: 60, line: 300 }, indent: p.indent ? { firstLine: convertMillimetersToTwip(10) } : undefined, children: [run(p.text, 14, { bold: p.bold, italic: p.italic })] });
}

export async function renderCffDocx(d: CffDocument): Promise<Buffer> {
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({ children: [
        cell([...(d.issuer.parent ? [centred(d.issuer.parent, 13)] : []), centred(d.issuer.name, 13, { bold: true, underline: true })], 40),
        cell([centred(NATIONAL_MOTTO, 13, { bold: true }), centred(NATIONAL_SLOGAN, 14, { bold: true, underline: true })], 60),
      ] }),
      new TableRow({ children: [cell([centred(numberLine(d), 13, { after: 120 })], 40), cell([centred(d.placeDate, 14, { italic: true, after: 120 })], 60)] }),
    ],
  });
  const signer = d.signer ? [...[d.signer.onBehalfOf, d.signer.signingFor, d.signer.title].filter((x): x is string => !!x).map((t) => centred(t, 14, { bold: true })), centred('', 14, { after: 1200 }), centred(d.signer.name, 14, { bold: true })] : [centred('', 14)];
  const recipients = d.recipients.length
    ? [new Paragraph({ children: [run('Nơi nhận:', 12, { bold: true, italic: true })] }), ...d.recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, 11)] }))]
    : [new Paragraph({ children: [] })];
  const footer = new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows: [new TableRow({ children: [cell(recipients, 45), cell(signer, 55)] })] });
  const doc = new Document({
    title: d.meta.title,
    creator: 'vitreem',
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{
      properties: { page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) }, margin: { top: convertMillimetersToTwip(MARGIN_MM.top), bottom: convertMillimetersToTwip(MARGIN_MM.bottom), left: convertMillimetersToTwip(MARGIN_MM.left), right: convertMillimetersToTwip(MARGIN_MM.right) } } },
      children: [header, centred(d.docType, 14, { bold: true }), centred(d.title, 14, { bold: true, after: 240 }), ...d.body.map(bodyParagraph), new Paragraph({ children: [] }), footer],
    }],
  });
  return Packer.toBuffer(doc);
}

// ------------------------------------------------------------------ PDF

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const mm = (v: number) => (v * 72) / 25.4;
type Doc = PDFKit.PDFDocument;
type Style = { bold?: boolean; italic?: boolean; size: number };
const SCALE = 0.92; // DejaVu is wider than Times at the same size

function font(doc: Doc, s: Style): Doc {
  return doc.font(s.bold && s.italic ? 'bi' : s.bold ? 'b' : s.italic ? 'i' : 'r').fontSize(s.size * SCALE);
}

function lines(doc: Doc, items: { text: string; style: Style; underline?: boolean }[], x: number, y: number, width: number): number {
  for (const l of items) {
    font(doc, l.style).text(l.text, x, y, { width, align: 'center' });
    if (l.underline) {
      const w = Math.min(doc.widthOfString(l.text), width);
      doc.moveTo(x + (width - w) / 2, doc.y).lineTo(x + (width + w) / 2, doc.y).lineWidth(0.6).stroke();
    }
    y = doc.y;
  }
  return y;
}

export async function renderCffPdf(d: CffDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: mm(MARGIN_MM.top), bottom: mm(MARGIN_MM.bottom), left: mm(MARGIN_MM.left), right: mm(MARGIN_MM.right) }, info: { Title: d.meta.title, Creator: 'vitreem' } });
  doc.registerFont('r', path.join(FONT_DIR, 'DejaVuSerifCondensed.ttf'));
  doc.registerFont('b', path.join(FONT_DIR, 'DejaVuSerifCondensed-Bold.ttf'));
  doc.registerFont('i', path.join(FONT_DIR, 'DejaVuSerifCondensed-Italic.ttf'));
  doc.registerFont('bi', path.join(FONT_DIR, 'DejaVuSerifCondensed-BoldItalic.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const leftW = width * 0.4;
  const top = doc.page.margins.top;
  const leftEnd = lines(doc, [...(d.issuer.parent ? [{ text: d.issuer.parent, style: { size: 13 } }] : []), { text: d.issuer.name, style: { size: 13, bold: true }, underline: true }], x, top, leftW);
  const rightEnd = lines(doc, [{ text: NATIONAL_MOTTO, style: { size: 13, bold: true } }, { text: NATIONAL_SLOGAN, style: { size: 14, bold: true }, underline: true }], x + leftW, top, width - leftW);
  let y = Math.max(leftEnd, rightEnd) + 8;
  lines(doc, [{ text: numberLine(d), style: { size: 13 } }], x, y, leftW);
  y = Math.max(lines(doc, [{ text: d.placeDate, style: { size: 14, italic: true } }], x + leftW, y, width - leftW), doc.y) + 18;
  y = lines(doc, [{ text: d.docType, style: { size: 14, bold: true } }, { text: d.title, style: { size: 14, bold: true } }], x, y, width) + 14;
  for (const p of d.body) {
    font(doc, { size: 14, bold: p.bold, italic: p.italic }).text(p.text, x, y, { width, align: p.align === 'center' ? 'center' : p.align === 'left' ? 'left' : 'justify', indent: p.indent ? mm(10) : 0, lineGap: 2 });
    y = doc.y + 6;
  }
  y += 12;
  if (y > doc.page.height - doc.page.margins.bottom - mm(55)) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  const footLeftW = width * 0.45;
  let ly = y;
  if (d.recipients.length) {
    font(doc, { size: 12, bold: true, italic: true }).text('Nơi nhận:', x, ly, { width: footLeftW });
    ly = doc.y;
    for (const r of d.recipients) {
      font(doc, { size: 11 }).text(`- ${r}`, x, ly, { width: footLeftW });
      ly = doc.y;
    }
  }
  if (d.signer) {
    const sx = x + footLeftW;
    const sw = width - footLeftW;
    const end = lines(doc, [d.signer.onBehalfOf, d.signer.signingFor, d.signer.title].filter((t): t is string => !!t).map((text) => ({ text, style: { size: 14, bold: true } })), sx, y, sw);
    lines(doc, [{ text: d.signer.name, style: { size: 14, bold: true } }], sx, end + mm(22), sw);
  }
  doc.end();
  return done;
}
