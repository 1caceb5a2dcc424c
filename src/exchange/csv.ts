/**
 * CSV import of the values of a period. Columns (header row, any order, case-insensitive):
 *   unit_code, measure (required); numerator + denominator for rates, value for counts and yes/no;
 *   group, period, comment (optional)
 * Separator "," or ";" (detected), UTF-8 with or without BOM, quotes per RFC 4180.
 * Values in Vietnamese ("12,5", "1.055") or plain ("12.5"). Pure: rows become CandidateRows for the
 * same checks as DHIS2/ADX imports.
 */
import { parseNumberVi } from '../domain/format.ts';
import type { CandidateRow, Conflict } from './types.ts';

export const CSV_COLUMNS = ['unit_code', 'measure', 'group', 'period', 'numerator', 'denominator', 'value', 'comment'] as const;
const REQUIRED = ['unit_code', 'measure'];
const ALIASES: Record<string, string> = {
  unit: 'unit_code', 'unit code': 'unit_code', unitcode: 'unit_code', orgunit: 'unit_code', ma_don_vi: 'unit_code', 'mã đơn vị': 'unit_code', 'mã đv': 'unit_code',
  'measure code': 'measure', indicator: 'measure', chi_so: 'measure', 'chỉ số': 'measure', 'mã chỉ số': 'measure', 'chỉ tiêu': 'measure', 'mã chỉ tiêu': 'measure',
  nhom: 'group', 'nhóm': 'group', 'phân tổ': 'group', disaggregation: 'group',
  ky: 'period', 'kỳ': 'period', 'kỳ báo cáo': 'period', 'năm': 'period', year: 'period',
  gia_tri: 'value', 'giá trị': 'value', 'số liệu': 'value',
  ghi_chu: 'comment', 'ghi chú': 'comment', note: 'comment', notes: 'comment',
  tu_so: 'numerator', 'tử số': 'numerator', mau_so: 'denominator', 'mẫu số': 'denominator',
};
/** Columns that describe a row for the reader (values.xlsx writes them) and are not read back. */
const INFORMATIVE = new Set(['đơn vị', 'tên đơn vị', 'unit_name', 'unit name', 'chỉ số', 'tên chỉ số', 'measure_name', 'measure name', 'trạng thái', 'status', 'cập nhật', 'updated', 'updated_at', 'stt', 'tt']);

/** RFC 4180 split; returns rows of fields (quotes removed) with the line number each row starts on. */
export function parseCsv(text: string): { rows: { line: number; fields: string[] }[]; error: { line: number; vi: string; en: string } | null } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    // blank lines and Excel's rows of bare separators (";;;;") carry nothing
    if (fields.some((f) => f.replace(/[;,\s]/g, '') !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') { quoted = true; field = ''; i++; continue; }
    if (c === sep) { fields.push(field); field = ''; i++; continue; }
    if (c === '\r' && src[i + 1] === '\n') { i++; continue; }
    if (c === '\n') { endRow(); line++; rowLine = line; i++; continue; }
    field += c;
    i++;
  }
  if (quoted) return { rows, error: { line: rowLine, vi: `Dòng ${rowLine}: dấu ngoặc kép chưa được đóng`, en: `Line ${rowLine}: unclosed quote` } };
  if (field !== '' || fields.length) endRow();
  return { rows, error: null };
}

const conflict = (object: string, index: number, vi: string, en: string, property?: string): Conflict => ({ object, value: vi, valueEn: en, errorCode: 'E7600', indexes: [index], ...(property ? { property } : {}) });

export interface CsvReadResult {
  candidates: CandidateRow[];
  /** problems found while reading (malformed rows, unknown units) */
  conflicts: Conflict[];
  /** total data rows (for the import count) */
  rowCount: number;
  fileError: { vi: string; en: string } | null;
}

/**
 * Reads the CSV into candidate rows. `unitByCode` resolves unit codes; `period` is the period of the
 * import (a row's own period column must agree with it).
 */
export function readValuesCsv(text: string, options: { period: string; unitByCode: Map<string, number>; measureCodes: Set<string> }): CsvReadResult {
  const { rows, error } = parseCsv(text);
  if (error) return { candidates: [], conflicts: [], rowCount: 0, fileError: { vi: error.vi, en: error.en } };
  if (rows.length === 0) return { candidates: [], conflicts: [], rowCount: 0, fileError: { vi: 'Tệp CSV trống', en: 'The CSV file is empty' } };
  return readValuesTable(rows, options);
}

/** Rows of a table (CSV, or the first sheet of values.xlsx) → candidate rows; the first row is the header. */
export function readValuesTable(rows: { line: number; fields: string[] }[], options: { period: string; unitByCode: Map<string, number>; measureCodes: Set<string> }): CsvReadResult {
  if (rows.length === 0) return { candidates: [], conflicts: [], rowCount: 0, fileError: { vi: 'Tệp trống', en: 'The file is empty' } };
  // canonical names first; then aliases for columns not given by their canonical name; then informative columns
  const raw = rows[0].fields.map((h) => h.trim().toLocaleLowerCase('vi').normalize('NFC'));
  const taken = new Set(raw.filter((k) => (CSV_COLUMNS as readonly string[]).includes(k)));
  const header = raw.map((k) => {
    if ((CSV_COLUMNS as readonly string[]).includes(k)) return k;
    const alias = ALIASES[k] ?? ALIASES[k.replace(/_/g, ' ')];
    if (alias && !taken.has(alias)) {
      taken.add(alias);
      return alias;
    }
    if (INFORMATIVE.has(k) || k === '') return `~${k}`;
    return k;
  });
  const unknown = header.filter((h) => !h.startsWith('~') && !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length) return { candidates: [], conflicts: [], rowCount: rows.length - 1, fileError: { vi: `Thiếu cột bắt buộc: ${missing.join(', ')} (dòng tiêu đề cần có ${REQUIRED.join(', ')})`, en: `Missing required column(s): ${missing.join(', ')} (the header needs ${REQUIRED.join(', ')})` } };
  if (unknown.length) return { candidates: [], conflicts: [], rowCount: rows.length - 1, fileError: { vi: `Cột không được hỗ trợ: ${unknown.join(', ')} (cho phép: ${CSV_COLUMNS.join(', ')})`, en: `Unsupported column(s): ${unknown.join(', ')} (allowed: ${CSV_COLUMNS.join(', ')})` } };
  const col = (name: string) => header.indexOf(name);
  const candidates: CandidateRow[] = [];
  const conflicts: Conflict[] = [];
  rows.slice(1).forEach((r, index) => {
    const at = `dòng ${r.line}`;
    const atEn = `line ${r.line}`;
    if (r.fields.length > header.length && r.fields.slice(header.length).some((f) => f.trim() !== '')) {
      conflicts.push(conflict(`line ${r.line}`, index, `${cap(at)}: có ${r.fields.length} cột, cần ${header.length}`, `${cap(atEn)}: ${r.fields.length} fields, expected ${header.length}`));
      return;
    }
    const get = (name: string) => (col(name) >= 0 ? (r.fields[col(name)] ?? '').trim() : '');
    const unitCode = get('unit_code');
    const measure = get('measure');
    const rawValue = get('value');
    const period = get('period') || options.period;
    let ok = true;
    const fail = (object: string, vi: string, en: string, property: string) => {
      conflicts.push(conflict(object, index, `${cap(at)}: ${vi}`, `${cap(atEn)}: ${en}`, property));
      ok = false;
    };
    if (!unitCode) fail('unit_code', 'thiếu mã đơn vị', 'no unit code', 'unit_code');
    else if (!options.unitByCode.has(unitCode)) fail(unitCode, `không có đơn vị mã "${unitCode}"`, `no unit with code "${unitCode}"`, 'unit_code');
    if (!measure) fail('measure', 'thiếu mã chỉ số', 'no measure code', 'measure');
    else if (!options.measureCodes.has(measure)) fail(measure, `không có chỉ số "${measure}" trong danh mục`, `no measure "${measure}" in the catalogue`, 'measure');
    if (period !== options.period) fail(period, `kỳ "${period}" khác kỳ đang nhập (${options.period})`, `period "${period}" differs from the period being imported (${options.period})`, 'period');
    const parts: { part: 'value' | 'numerator' | 'denominator'; raw: string }[] = (['numerator', 'denominator', 'value'] as const).map((part) => ({ part, raw: get(part) })).filter((x) => x.raw !== '');
    if (parts.length === 0) fail('value', 'thiếu số liệu (tử số và mẫu số, hoặc giá trị)', 'no figure (numerator and denominator, or value)', 'value');
    const numbers = parts.map((x) => ({ ...x, n: parseNumberVi(x.raw) }));
    for (const x of numbers) if (x.n === null) fail(x.raw, `${x.part === 'value' ? 'giá trị' : x.part === 'numerator' ? 'tử số' : 'mẫu số'} "${x.raw}" không phải là số`, `${x.part} "${x.raw}" is not a number`, x.part);
    if (!ok) return;
    // the comment belongs to the value (a rate's one comment travels with its numerator, as on export)
    for (const x of numbers)
      candidates.push({ index, unitId: options.unitByCode.get(unitCode)!, orgUnit: unitCode, measure, group: get('group') || null, part: x.part, dataElement: measure, categoryOptionCombo: null, period, rawValue: String(x.n), comment: x.part === 'denominator' && numbers.length > 1 ? null : get('comment') || null });
  });
  return { candidates, conflicts, rowCount: rows.length - 1, fileError: null };
}

const cap = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
