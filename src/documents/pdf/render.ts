/**
 * Renders an OfficialDocument as PDF with the same layout as the DOCX (Nghị định 30/2020/NĐ-CP):
 * A4, margins 20/20/30/15 mm, two-column header, bold centred title, "Nơi nhận" and signature block.
 * Font: Tinos (Google's font metric-compatible with Times New Roman: the same advance widths, so
 * lines break where they break in Times New Roman; full Vietnamese coverage; SIL OFL), shipped as TTF
 * in node_modules/@expo-google-fonts/tinos and embedded (subset): nothing is downloaded at run time.
 * Sizes are the decree's own (body 14 pt, page numbers 13 pt) — no scaling.
 */
import { fitColumns } from '../fit.ts';
import { HEADER_LEFT_SHARE } from '../docx/render.ts';
import PDFDocument from 'pdfkit';
import { ND30, NATIONAL_MOTTO, NATIONAL_SLOGAN, numberLine, signerLines, type Block, type OfficialDocument, type TableBlock, type TableCell } from '../../domain/documents/official.ts';

import { PDF_FONTS } from './fonts.ts';
export { PDF_FONTS };

const mm = (v: number): number => (v * 72) / 25.4;
/** page numbers: 13 pt (NĐ 30/2020, Phụ lục I: cỡ chữ 13 đến 14) */
export const PAGE_NUMBER_PT = 13;
type Doc = PDFKit.PDFDocument;
type Style = { bold?: boolean; italic?: boolean; size: number };

function font(doc: Doc, s: Style): Doc {
  const name = s.bold && s.italic ? 'boldItalic' : s.bold ? 'bold' : s.italic ? 'italic' : 'regular';
  return doc.font(name).fontSize(s.size);
}

const MARGINS = { top: mm(ND30.marginMm.top), bottom: mm(ND30.marginMm.bottom), left: mm(ND30.marginMm.left), right: mm(ND30.marginMm.right) };
/** appendix pages keep the decree's margins (top/bottom 20–25, left 30–35, right 15–20 mm), landscape too */
const APPENDIX_MARGINS = MARGINS;

/** A new page like the current one (a landscape appendix continues landscape, with the same margins). */
function nextPage(doc: Doc): void {
  const landscape = doc.page.width > doc.page.height;
  doc.addPage({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: { ...doc.page.margins } });
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}
function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function centredLines(doc: Doc, lines: { text: string; style: Style; underline?: boolean; gapAfter?: number }[], x: number, y: number, width: number): number {
  for (const l of lines) {
    font(doc, l.style);
    doc.text(l.text, x, y, { width, align: 'center', lineGap: 1 });
    if (l.underline) {
      const w = Math.min(doc.widthOfString(l.text), width);
      doc.moveTo(x + (width - w) / 2, doc.y).lineTo(x + (width + w) / 2, doc.y).lineWidth(0.6).stroke();
    }
    y = doc.y + (l.gapAfter ?? 0);
  }
  return y;
}

function drawHeader(doc: Doc, d: OfficialDocument): void {
  const x = doc.page.margins.left;
  const top = doc.page.margins.top;
  const w = contentWidth(doc);
  // the same split as the DOCX: the national motto fits on one line at 13 pt
  const leftW = w * HEADER_LEFT_SHARE;
  const rightW = w - leftW;
  const issuerLines = [d.issuer.parent, d.issuer.name].filter((l): l is string => !!l).map((t) => ({ text: t.toLocaleUpperCase('vi'), style: { bold: true, size: ND30.pt.issuer } }));
  let yl = centredLines(doc, issuerLines, x, top, leftW);
  const ruleW = leftW * 0.35;
  // short rules 4 pt below the text they underline, never touching it
  doc.moveTo(x + (leftW - ruleW) / 2, yl + 4).lineTo(x + (leftW + ruleW) / 2, yl + 4).lineWidth(0.6).stroke();
  yl = centredLines(doc, [{ text: numberLine(d), style: { size: ND30.pt.number } }], x, yl + 12, leftW);
  let yr = centredLines(doc, [{ text: NATIONAL_MOTTO, style: { bold: true, size: ND30.pt.motto } }, { text: NATIONAL_SLOGAN, style: { bold: true, size: ND30.pt.slogan }, underline: true, gapAfter: 10 }], x + leftW, top, rightW);
  yr = centredLines(doc, [{ text: d.placeDate, style: { italic: true, size: ND30.pt.placeDate } }], x + leftW, yr, rightW);
  let y = Math.max(yl, yr) + 14;
  y = centredLines(doc, [{ text: d.docType.toLocaleUpperCase('vi'), style: { bold: true, size: ND30.pt.docType } }, { text: d.title, style: { bold: true, size: ND30.pt.title } }], x, y, w);
  const tw = w * 0.25;
  doc.moveTo(x + (w - tw) / 2, y + 5).lineTo(x + (w + tw) / 2, y + 5).lineWidth(0.6).stroke();
  doc.x = x;
  doc.y = y + 16;
}

function drawBlock(doc: Doc, b: Block): void {
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  switch (b.kind) {
    case 'heading': {
      font(doc, { bold: b.level < 3, italic: b.level === 3, size: ND30.pt.body });
      if (doc.y + doc.currentLineHeight(true) * 3 > bottom(doc)) nextPage(doc);
      doc.text(b.text, x, doc.y + 4, { width: w, align: 'justify', indent: mm(10), lineGap: 2 });
      doc.y += 2;
      return;
    }
    case 'paragraph': {
      font(doc, { bold: b.bold, italic: b.italic, size: ND30.pt.body });
      doc.text(b.text, x, doc.y + 2, { width: w, align: b.align ?? 'justify', indent: b.indent ? mm(10) : 0, lineGap: 2 });
      doc.y += 2;
      return;
    }
    case 'table':
      drawTable(doc, b);
      doc.y += 6;
      return;
  }
}

interface Placed { cell: TableCell; row: number; col: number; colSpan: number; rowSpan: number }

/** Places cells on a grid, honouring row and column spans. */
function place(rows: TableCell[][]): Placed[] {
  const taken = new Set<string>();
  const out: Placed[] = [];
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (taken.has(`${r}:${c}`)) c++;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) taken.add(`${r + dr}:${c + dc}`);
      out.push({ cell, row: r, col: c, colSpan, rowSpan });
      c += colSpan;
    }
  });
  return out;
}

export function drawTable(doc: Doc, t: TableBlock): void {
  const x0 = doc.page.margins.left;
  const width = contentWidth(doc);
  const asked = t.fontSize ?? ND30.pt.table;
  const pad = Math.max(1.5, asked * 0.25);
  // columns wide enough that no number or word breaks inside a cell
  const fitted = fitColumns(t, width, pad, asked);
  const colW = fitted.widths;
  const colX = colW.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [x0]);
  const size = fitted.fontSize;
  const measure = (p: Placed): number => {
    font(doc, { bold: p.cell.bold, italic: p.cell.italic, size });
    const w = colX[p.col + p.colSpan] - colX[p.col] - 2 * pad;
    return doc.heightOfString(p.cell.text || ' ', { width: w, lineGap: 0.5 }) + 2 * pad;
  };
  const heights = (rows: TableCell[][]): { placed: Placed[]; h: number[] } => {
    const placed = place(rows);
    const h = rows.map(() => 0);
    for (const p of placed) if (p.rowSpan === 1) h[p.row] = Math.max(h[p.row], measure(p));
    for (const p of placed)
      if (p.rowSpan > 1) {
        const need = measure(p);
        const have = h.slice(p.row, p.row + p.rowSpan).reduce((a, b) => a + b, 0);
        if (need > have) h[p.row + p.rowSpan - 1] += need - have;
      }
    return { placed, h };
  };
  const drawRows = (placed: Placed[], h: number[], y: number): void => {
    const rowY = h.reduce<number[]>((acc, v, i) => [...acc, acc[i] + v], [y]);
    doc.lineWidth(0.5);
    for (const p of placed) {
      const cx = colX[p.col];
      const cw = colX[p.col + p.colSpan] - cx;
      const cy = rowY[p.row];
      const ch = rowY[p.row + p.rowSpan] - cy;
      doc.rect(cx, cy, cw, ch).stroke();
      font(doc, { bold: p.cell.bold, italic: p.cell.italic, size });
      const th = doc.heightOfString(p.cell.text || ' ', { width: cw - 2 * pad, lineGap: 0.5 });
      doc.text(p.cell.text, cx + pad, cy + (ch - th) / 2, { width: cw - 2 * pad, align: p.cell.align ?? 'left', lineGap: 0.5 });
    }
  };
  const head = heights(t.header.map((r) => r.map((c) => ({ ...c, bold: true }))));
  const headH = head.h.reduce((a, b) => a + b, 0);
  let y = doc.y;
  // keep the header with the first row (a header alone at the foot of a page says nothing)
  const firstH = t.rows.length ? heights([t.rows[0]]).h[0] : 0;
  if (y + headH + Math.max(20, firstH) > bottom(doc)) {
    nextPage(doc);
    y = doc.page.margins.top;
  }
  drawRows(head.placed, head.h, y);
  y += headH;
  for (const row of t.rows) {
    const r = heights([row]);
    if (y + r.h[0] > bottom(doc)) {
      nextPage(doc);
      y = doc.page.margins.top;
      drawRows(head.placed, head.h, y);
      y += headH;
    }
    drawRows(r.placed, r.h, y);
    y += r.h[0];
  }
  doc.x = x0;
  doc.y = y;
}

function drawClosing(doc: Doc, d: OfficialDocument): void {
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  const leftW = w * 0.45;
  font(doc, { size: ND30.pt.recipients });
  const recipientsH = (d.recipients.length + 1) * doc.currentLineHeight(true) * 1.3;
  const need = Math.max(recipientsH, 150);
  let y = doc.y + 10;
  if (y + need > bottom(doc)) {
    nextPage(doc);
    y = doc.page.margins.top;
  }
  let yl = y;
  if (d.recipients.length) {
    font(doc, { bold: true, italic: true, size: ND30.pt.recipientsLabel });
    doc.text('Nơi nhận:', x, yl, { width: leftW });
    yl = doc.y;
    font(doc, { size: ND30.pt.recipients });
    d.recipients.forEach((r, i) => {
      doc.text(`- ${r}${i === d.recipients.length - 1 ? '.' : ';'}`, x, yl, { width: leftW - 6 });
      yl = doc.y;
    });
  }
  let yr = y;
  if (d.signer) {
    const s = signerLines(d.signer);
    yr = centredLines(doc, s.authority.map((a) => ({ text: a, style: { bold: true, size: ND30.pt.signer } })), x + leftW, yr, w - leftW);
    yr = centredLines(doc, [{ text: s.name, style: { bold: true, size: ND30.pt.signer } }], x + leftW, yr + 70, w - leftW);
  }
  doc.x = x;
  doc.y = Math.max(yl, yr);
}

export async function renderPdf(d: OfficialDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: MARGINS, bufferPages: true, autoFirstPage: true, info: { Title: d.meta.title, Creator: 'vitreem', Producer: 'vitreem' } });
  doc.registerFont('regular', PDF_FONTS.regular);
  doc.registerFont('bold', PDF_FONTS.bold);
  doc.registerFont('italic', PDF_FONTS.italic);
  doc.registerFont('boldItalic', PDF_FONTS.boldItalic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, d);
  for (const b of d.body) drawBlock(doc, b);
  drawClosing(doc, d);
  const mainPages = doc.bufferedPageRange().count;
  // each appendix is numbered on its own (NĐ 30/2020, Phụ lục I): [first page index, pages]
  const appendixRanges: [number, number][] = [];
  for (const a of d.appendices) {
    const first = doc.bufferedPageRange().count;
    doc.addPage({ size: 'A4', layout: a.landscape ? 'landscape' : 'portrait', margins: APPENDIX_MARGINS });
    const x = doc.page.margins.left;
    const w = contentWidth(doc);
    let y = centredLines(doc, [{ text: a.label, style: { bold: true, size: 13 } }, { text: a.title, style: { bold: true, size: 13 } }, ...(a.subtitle ? [{ text: a.subtitle, style: { italic: true, size: 13 } }] : [])], x, doc.page.margins.top, w);
    if (a.unitNote) {
      font(doc, { italic: true, size: 12 });
      doc.text(a.unitNote, x, y + 4, { width: w, align: 'right' });
      y = doc.y + 4;
    }
    doc.y = y;
    for (const b of a.blocks) drawBlock(doc, b);
    appendixRanges.push([first, doc.bufferedPageRange().count - first]);
  }
  // page numbers top centre in the top margin, 13 pt, not on the first page (NĐ 30/2020, Phụ lục I)
  const number = (index: number, n: number) => {
    doc.switchToPage(index);
    font(doc, { size: PAGE_NUMBER_PT });
    const m = doc.page.margins;
    doc.page.margins = { ...m, top: 0, bottom: 0 };
    doc.text(String(n), m.left, mm(10), { width: doc.page.width - m.left - m.right, align: 'center', lineBreak: false });
    doc.page.margins = m;
  };
  for (let i = 1; i < mainPages; i++) number(i, i + 1);
  for (const [first, count] of appendixRanges) for (let i = 1; i < count; i++) number(first + i, i + 1);
  doc.end();
  return done;
}
