/**
 * Vietnamese number format: comma is the decimal mark, dot groups thousands
 * ("0,4" = 0.4, "1.055" = 1055, "18,670" = 18.67). A dot followed by one or two
 * digits ("18.5") is read as a decimal and flagged.
 */
export interface ParsedNumber {
  value: number;
  /** set when the reading is doubtful (stray decimal dot) */
  warning: string | null;
}

export function parseVietnameseNumber(raw: string): ParsedNumber | null {
  const s = raw.replace(/\s+/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  if (dots > 0 && commas > 0) return fromMixed(s);
  if (commas > 1) return num(s.replace(/,/g, ''));
  if (commas === 1) return num(s.replace(',', '.'));
  if (dots > 1) return num(s.replace(/\./g, ''));
  if (dots === 1) return fromSingleDot(s);
  return num(s);
}

function fromMixed(s: string): ParsedNumber | null {
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastComma > lastDot) return num(s.replace(/\./g, '').replace(',', '.'));
  const parsed = num(s.replace(/,/g, ''));
  return parsed ? { ...parsed, warning: `số "${s}" viết kiểu tiếng Anh (dấu phẩy ngăn nghìn)` } : null;
}

function fromSingleDot(s: string): ParsedNumber | null {
  const [, frac] = s.split('.');
  if (frac.length === 3) return num(s.replace('.', ''));
  const parsed = num(s);
  return parsed ? { ...parsed, warning: `số "${s}" có dấu chấm thập phân, đọc là ${parsed.value}` } : null;
}

function num(s: string): ParsedNumber | null {
  const value = Number(s);
  return Number.isFinite(value) ? { value, warning: null } : null;
}

/** Fold one character for matching: lower case, no diacritics, đ → d. Keeps string length. */
export function foldChar(c: string): string {
  const lower = c.toLowerCase();
  if (lower === 'đ') return 'd';
  const base = lower.normalize('NFD')[0] ?? lower;
  return base.length === 1 ? base : lower;
}

/** Folded UTF-16 code of every BMP character, computed on first use (0 = not yet). */
const FOLD_TABLE = new Uint16Array(65536);

function foldCode(code: number): number {
  const cached = FOLD_TABLE[code];
  if (cached !== 0) return cached;
  const c = String.fromCharCode(code);
  const f = foldChar(c);
  const folded = f.length === 1 ? f.charCodeAt(0) : code;
  FOLD_TABLE[code] = folded;
  return folded;
}

/** Fold a whole string character by character; the result has the same length and offsets. */
export function fold(text: string): string {
  const n = text.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    // surrogates stay as they are, so offsets into the text stay valid
    out[i] = code < 0x80 ? (code >= 65 && code <= 90 ? code + 32 : code) : code >= 0xd800 && code <= 0xdfff ? code : foldCode(code);
  }
  let result = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) result += String.fromCharCode.apply(null, out.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  return result;
}
