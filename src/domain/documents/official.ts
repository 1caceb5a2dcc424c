/**
 * An administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) as a layout-free model.
 * The DOCX and PDF renderers draw the same model, so both outputs say the same thing.
 */
import type { Issuer, Signer } from './types.ts';

export interface TableCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
}

export interface TableBlock {
  kind: 'table';
  /** relative widths of the columns */
  widths: number[];
  /** header rows, with spans */
  header: TableCell[][];
  rows: TableCell[][];
  /** font size in points (default 12) */
  fontSize?: number;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean; bold?: boolean; align?: 'left' | 'center' | 'right' | 'justify'; indent?: boolean }
  | TableBlock;

export interface Appendix {
  label: string; // "Phụ lục 01"
  title: string;
  subtitle?: string | null;
  unitNote?: string | null; // "Đvt: triệu đồng"
  landscape: boolean;
  blocks: Block[];
}

export interface OfficialDocument {
  issuer: Issuer;
  /** "Số: 107/KH-UBND" is printed from this: "107/KH-UBND" (null → "Số:      /KH-UBND") */
  number: string | null;
  /** the symbol used when the number is not yet given, e.g. "KH-UBND" */
  symbol: string;
  placeDate: string;
  /** "KẾ HOẠCH", "BÁO CÁO" */
  docType: string;
  /** trích yếu: the summary under the type */
  title: string;
  body: Block[];
  recipients: string[];
  signer: Signer | null;
  appendices: Appendix[];
  /** metadata */
  meta: { title: string; subject?: string };
}

export const NATIONAL_MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_SLOGAN = 'Độc lập - Tự do - Hạnh phúc';

/** Layout constants of the decree, in mm and points. */
export const ND30 = {
  pageMm: { width: 210, height: 297 },
  marginMm: { top: 20, bottom: 20, left: 30, right: 15 },
  font: 'Times New Roman',
  pt: { issuer: 13, motto: 13, slogan: 14, number: 13, placeDate: 14, docType: 14, title: 14, body: 14, recipientsLabel: 12, recipients: 11, signer: 14, table: 12 },
} as const;

/** "Số: 107/KH-UBND" or, for a draft, "Số:       /KH-UBND". */
export function numberLine(doc: Pick<OfficialDocument, 'number' | 'symbol'>): string {
  return doc.number ? `Số: ${doc.number}` : `Số:        /${doc.symbol}`;
}

/** The signature block as printed lines (authority lines bold, then the name after space for the signature). */
export function signerLines(s: Signer): { authority: string[]; name: string } {
  return { authority: [s.onBehalfOf, s.signingFor, s.title].filter((x): x is string => !!x && x.trim() !== ''), name: s.name };
}

/** Splits free text into paragraphs at blank lines (single newlines kept as separate paragraphs too). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
