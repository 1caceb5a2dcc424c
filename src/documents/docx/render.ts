/**
 * Renders an OfficialDocument as DOCX in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I):
 * A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman, two-column header
 * (issuing body + number | national motto + slogan + place and date), bold centred title,
 * 14 pt body, "Nơi nhận" bottom-left (12/11 pt) and the signature block bottom-right.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
  type ISectionOptions,
} from 'docx';
import { fitColumns } from '../fit.ts';
import { ND30, NATIONAL_MOTTO, NATIONAL_SLOGAN, numberLine, signerLines, type Block, type OfficialDocument, type TableBlock } from '../../domain/documents/official.ts';

const FONT = ND30.font;
const half = (pt: number): number => pt * 2; // docx sizes are half-points
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN };

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

interface RunOpts { bold?: boolean; italics?: boolean; underline?: boolean; size: number }
const run = (text: string, o: RunOpts): TextRun => new TextRun({ text, font: FONT, size: half(o.size), bold: o.bold, italics: o.italics, underline: o.underline ? {} : undefined });

function para(text: string, o: RunOpts & { align?: keyof typeof ALIGN; before?: number; after?: number; indent?: boolean; keepNext?: boolean }): Paragraph {
  return new Paragraph({
    alignment: ALIGN[o.align ?? 'left'],
    spacing: { before: (o.before ?? 0) * 20, after: (o.after ?? 0) * 20 },
    indent: o.indent ? { firstLine: convertMillimetersToTwip(10) } : undefined,
    keepNext: o.keepNext,
    children: [run(text, o)],
  });
}

/** A short centred rule under a header line (the decree's "đường kẻ ngang, nét liền"). */
function rule(widthFraction: number, cellTwips: number): Paragraph {
  const side = Math.round((cellTwips * (1 - widthFraction)) / 2);
  // a gap above (4 pt) so the line never touches the text it underlines; the paragraph itself is 2 pt high
  return new Paragraph({ indent: { left: side, right: side }, spacing: { before: 80, after: 120, line: 40, lineRule: 'exact' }, border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [new TextRun({ text: '', size: 4 })] });
}

const pageWidthTwip = convertMillimetersToTwip(ND30.pageMm.width - ND30.marginMm.left - ND30.marginMm.right);

/** the header's left column: the issuer; the right one holds the national motto on ONE line */
export const HEADER_LEFT_SHARE = 0.36;

function header(doc: OfficialDocument): Table {
  const leftW = Math.round(pageWidthTwip * HEADER_LEFT_SHARE);
  const rightW = pageWidthTwip - leftW;
  const left: Paragraph[] = [];
  if (doc.issuer.parent) left.push(para(doc.issuer.parent.toLocaleUpperCase('vi'), { size: ND30.pt.issuer, bold: true, align: 'center' }));
  left.push(para(doc.issuer.name.toLocaleUpperCase('vi'), { size: ND30.pt.issuer, bold: true, align: 'center' }));
  left.push(rule(0.35, leftW));
  left.push(para(numberLine(doc), { size: ND30.pt.number, align: 'center' }));
  const right: Paragraph[] = [
    para(NATIONAL_MOTTO, { size: ND30.pt.motto, bold: true, align: 'center' }),
    para(NATIONAL_SLOGAN, { size: ND30.pt.slogan, bold: true, underline: true, align: 'center', after: 6 }),
    para(doc.placeDate, { size: ND30.pt.placeDate, italics: true, align: 'center', before: 6 }),
  ];
  return new Table({
    width: { size: pageWidthTwip, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [new TableCell({ width: { size: leftW, type: WidthType.DXA }, borders: CELL_NONE, margins: { left: 0, right: 0 }, children: left }), new TableCell({ width: { size: rightW, type: WidthType.DXA }, borders: CELL_NONE, margins: { left: 0, right: 0 }, children: right })] })],
  });
}
const CELL_NONE = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

function blockToDocx(block: Block, widthTwip: number): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [para(block.text, { size: ND30.pt.body, bold: block.level < 3, italics: block.level === 3, align: 'justify', indent: true, before: 6, after: 3, keepNext: true })];
    case 'paragraph':
      return [para(block.text, { size: ND30.pt.body, bold: block.bold, italics: block.italic, align: block.align ?? 'justify', indent: block.indent, before: 3, after: 3 })];
    case 'table':
      return [tableToDocx(block, widthTwip), para('', { size: 6 })];
  }
}

export function tableToDocx(t: TableBlock, widthTwip: number): Table {
  // columns wide enough that no number or word breaks inside a cell (measured in Tinos = Times New Roman)
  const fitted = fitColumns(t, widthTwip / 20, 3, t.fontSize ?? ND30.pt.table);
  const cols = fitted.widths.map((w) => Math.floor(w * 20));
  const size = fitted.fontSize;
  const mk = (cells: TableBlock['rows'][number], isHeader: boolean): TableRow =>
    new TableRow({
      tableHeader: isHeader ? true : undefined,
      cantSplit: true,
      children: cells.map(
        (c) =>
          new TableCell({
            columnSpan: c.colSpan,
            rowSpan: c.rowSpan,
            borders: CELL_BORDERS,
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: 60, right: 60, top: 20, bottom: 20 },
            children: [para(c.text, { size, bold: c.bold || isHeader, italics: c.italic, align: c.align ?? 'left' })],
          }),
      ),
    });
  return new Table({
    width: { size: cols.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    rows: [...t.header.map((r) => mk(r, true)), ...t.rows.map((r) => mk(r, false))],
  });
}

function closing(doc: OfficialDocument): Table {
  const leftW = Math.round(pageWidthTwip * 0.45);
  const rightW = pageWidthTwip - leftW;
  const left: Paragraph[] = [];
  if (doc.recipients.length) {
    left.push(new Paragraph({ children: [run('Nơi nhận:', { size: ND30.pt.recipientsLabel, bold: true, italics: true })] }));
    doc.recipients.forEach((r, i) => left.push(para(`- ${r}${i === doc.recipients.length - 1 ? '.' : ';'}`, { size: ND30.pt.recipients })));
  } else left.push(para('', { size: 11 }));
  const right: Paragraph[] = [];
  if (doc.signer) {
    const s = signerLines(doc.signer);
    for (const line of s.authority) right.push(para(line, { size: ND30.pt.signer, bold: true, align: 'center' }));
    for (let i = 0; i < 4; i++) right.push(para('', { size: ND30.pt.signer }));
    right.push(para(s.name, { size: ND30.pt.signer, bold: true, align: 'center' }));
  } else right.push(para('', { size: 14 }));
  return new Table({
    width: { size: pageWidthTwip, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [new TableCell({ width: { size: leftW, type: WidthType.DXA }, borders: CELL_NONE, children: left }), new TableCell({ width: { size: rightW, type: WidthType.DXA }, borders: CELL_NONE, children: right })] })],
  });
}

const margins = {
  top: convertMillimetersToTwip(ND30.marginMm.top),
  bottom: convertMillimetersToTwip(ND30.marginMm.bottom),
  left: convertMillimetersToTwip(ND30.marginMm.left),
  right: convertMillimetersToTwip(ND30.marginMm.right),
};

/** page numbers: top centre, 13 pt, upright, not on the first page (NĐ 30/2020, Phụ lục I) */
export const PAGE_NUMBER_PT = 13;
function pageNumberHeaders() {
  return {
    default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: half(PAGE_NUMBER_PT) })] })] }),
    first: new Header({ children: [new Paragraph({ children: [] })] }),
  };
}

export function officialDocumentToDocx(doc: OfficialDocument): Document {
  const main: (Paragraph | Table)[] = [
    header(doc),
    para(doc.docType.toLocaleUpperCase('vi'), { size: ND30.pt.docType, bold: true, align: 'center', before: 12 }),
    para(doc.title, { size: ND30.pt.title, bold: true, align: 'center' }),
    rule(0.25, pageWidthTwip),
    ...doc.body.flatMap((b) => blockToDocx(b, pageWidthTwip)),
    para('', { size: 6 }),
    closing(doc),
  ];
  const sections: ISectionOptions[] = [
    {
      properties: { titlePage: true, page: { size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297), orientation: PageOrientation.PORTRAIT }, margin: margins, pageNumbers: { start: 1 } } },
      headers: pageNumberHeaders(),
      children: main,
    },
  ];
  for (const a of doc.appendices) {
    // the decree's margins on appendix pages too; each appendix numbered on its own, from its second page
    const width = convertMillimetersToTwip((a.landscape ? ND30.pageMm.height : ND30.pageMm.width) - ND30.marginMm.left - ND30.marginMm.right);
    sections.push({
      properties: {
        titlePage: true,
        page: {
          size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297), orientation: a.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: margins,
          pageNumbers: { start: 1 },
        },
      },
      headers: pageNumberHeaders(),
      children: [
        para(a.label, { size: 13, bold: true, align: 'center' }),
        para(a.title, { size: 13, bold: true, align: 'center' }),
        ...(a.subtitle ? [para(a.subtitle, { size: 13, italics: true, align: 'center' })] : []),
        ...(a.unitNote ? [para(a.unitNote, { size: 12, italics: true, align: 'right', before: 6 })] : []),
        ...a.blocks.flatMap((b) => blockToDocx(b, width)),
      ],
    });
  }
  return new Document({
    creator: 'vitreem',
    title: doc.meta.title,
    description: doc.meta.subject,
    styles: { default: { document: { run: { font: FONT, size: half(ND30.pt.body) } } } },
    sections,
  });
}

export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  return Packer.toBuffer(officialDocumentToDocx(doc));
}
