/**
 * Table columns wide enough that no number and no word is broken inside a cell (issue #19.11:
 * "1.38/0", "Địa phươn g"). Widths are measured with Tinos — metric-compatible with Times New Roman,
 * so the same widths hold in Word/LibreOffice (Times New Roman or Liberation Serif) and in our PDF.
 * Each column gets at least its longest unbreakable token (numbers, "610/100.000", a header word);
 * the rest of the width is shared in proportion to the widths the composer asked for. If the
 * minimum does not fit, the table's font shrinks (by 0,5 pt, not below 60 % of its size).
 */
import PDFDocument from 'pdfkit';
import { PDF_FONTS } from './pdf/fonts.ts';
import type { TableBlock, TableCell } from '../domain/documents/official.ts';

let measurer: PDFKit.PDFDocument | null = null;
function doc(): PDFKit.PDFDocument {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false });
    measurer.registerFont('regular', PDF_FONTS.regular);
    measurer.registerFont('bold', PDF_FONTS.bold);
    measurer.registerFont('italic', PDF_FONTS.italic);
    measurer.registerFont('boldItalic', PDF_FONTS.boldItalic);
  }
  return measurer;
}

/** Width in points of a text at a size, in Tinos (= Times New Roman). */
export function textWidth(text: string, size: number, bold = false, italic = false): number {
  const d = doc();
  d.font(bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular').fontSize(size);
  return d.widthOfString(text);
}

/** The longest piece of a cell's text that may not be broken (a word, a number, "≤ 550/100.000"). */
export function longestToken(text: string, size: number, bold = false, italic = false): number {
  // a comparator stays with its number: "≤ 550/100.000" is one token
  const tokens = text.replace(/([<>≤≥=]) (?=\d)/g, '$1\u00a0').split(/[ \n]+/).filter(Boolean);
  return tokens.reduce((m, t) => Math.max(m, textWidth(t.replace(/\u00a0/g, ' '), size, bold, italic)), 0);
}

export interface FittedTable {
  /** column widths in points */
  widths: number[];
  fontSize: number;
}

/** Column widths (points) for a table in `totalWidth` points, with `padding` points on each side of a cell. */
export function fitColumns(t: TableBlock, totalWidth: number, padding: number, baseSize: number): FittedTable {
  const n = t.widths.length;
  const asked = t.widths.reduce((a, b) => a + b, 0);
  const minimaAt = (size: number): number[] => {
    const min = Array.from({ length: n }, () => 0);
    const visit = (rows: TableCell[][], header: boolean) => {
      for (const row of rows) {
        let c = 0;
        for (const cell of row) {
          const span = cell.colSpan ?? 1;
          if (span === 1 && c < n) min[c] = Math.max(min[c], longestToken(cell.text, size, header || !!cell.bold, !!cell.italic) + 2 * padding + 1);
          c += span;
        }
      }
    };
    visit(t.header, true);
    visit(t.rows, false);
    return min;
  };
  let size = baseSize;
  let min = minimaAt(size);
  while (min.reduce((a, b) => a + b, 0) > totalWidth && size > baseSize * 0.6) {
    size = Math.round((size - 0.5) * 2) / 2;
    min = minimaAt(size);
  }
  // proportional widths, raised to the minimum; the excess taken from the columns above their minimum
  let widths = t.widths.map((w) => (w / asked) * totalWidth);
  for (let pass = 0; pass < 5; pass++) {
    const short = widths.map((w, i) => Math.max(0, min[i] - w));
    const need = short.reduce((a, b) => a + b, 0);
    if (need <= 0.01) break;
    const slack = widths.map((w, i) => Math.max(0, w - min[i] - short[i]));
    const have = slack.reduce((a, b) => a + b, 0);
    if (have <= 0) break;
    const take = Math.min(need, have);
    widths = widths.map((w, i) => (short[i] > 0 ? min[i] : w - (slack[i] / have) * take));
  }
  return { widths, fontSize: size };
}
