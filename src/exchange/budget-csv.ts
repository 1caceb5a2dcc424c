/**
 * CSV of a year's spending (kinh phí thực hiện). Columns (header row, any order, case-insensitive,
 * English or Vietnamese names):
 *   activity (STT or content; "stt", "hoạt động", "nội dung hoạt động"), source ("nguồn": local, central,
 *   mobilised, other, or "Địa phương", "NSTW", "huy động, xã hội hóa"…), amount ("thực hiện", "số tiền",
 *   "giải ngân") — required; year ("năm": must be the year being imported), note ("ghi chú"),
 *   currency_unit ("đơn vị tính": triệu đồng) — optional; activity_name and planned are informative
 *   (the template written by GET …/spending.csv has them) and not read.
 * Separator "," or ";" (detected), UTF-8 with or without BOM, quotes per RFC 4180; amounts in Vietnamese
 * ("1.055", "12,5") or plain ("12.5"). Pure: rows become SpendingInputs for the domain's checks.
 */
import { parseCsv } from './csv.ts';
import type { SpendingInput } from '../domain/budget/execution.ts';
import type { Conflict } from './types.ts';

export const SPENDING_CSV_COLUMNS = ['year', 'activity', 'activity_name', 'source', 'planned', 'amount', 'note', 'currency_unit'] as const;
const REQUIRED = ['activity', 'source', 'amount'];
const ALIASES: Record<string, string> = {
  stt: 'activity', 'số tt': 'activity', 'hoạt động': 'activity', hoat_dong: 'activity', 'mã hoạt động': 'activity',
  'nội dung hoạt động': 'activity_name', 'nội dung': 'activity_name', noi_dung: 'activity_name', 'tên hoạt động': 'activity_name',
  'nguồn': 'source', 'nguồn kinh phí': 'source', nguon: 'source', nguon_kinh_phi: 'source',
  'dự toán': 'planned', du_toan: 'planned', 'kế hoạch': 'planned',
  'thực hiện': 'amount', thuc_hien: 'amount', 'số tiền': 'amount', so_tien: 'amount', 'giải ngân': 'amount', giai_ngan: 'amount', 'kinh phí thực hiện': 'amount', spent: 'amount',
  'năm': 'year', nam: 'year',
  'ghi chú': 'note', ghi_chu: 'note', comment: 'note',
  'đơn vị tính': 'currency_unit', 'đvt': 'currency_unit', don_vi_tinh: 'currency_unit', unit: 'currency_unit', currency: 'currency_unit',
};

export interface SpendingCsvRow {
  /** 0-based position among the file's data rows */
  index: number;
  /** line of the file the row starts on */
  line: number;
  input: SpendingInput;
}

export interface SpendingCsvRead {
  rows: SpendingCsvRow[];
  /** rows that could not be read (wrong number of fields, another year, no figure) */
  conflicts: Conflict[];
  fileError: { vi: string; en: string } | null;
}

const cap = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export function readSpendingCsv(text: string, options: { year: number }): SpendingCsvRead {
  const { rows, error } = parseCsv(text);
  if (error) return { rows: [], conflicts: [], fileError: { vi: error.vi, en: error.en } };
  if (rows.length === 0) return { rows: [], conflicts: [], fileError: { vi: 'Tệp CSV trống', en: 'The CSV file is empty' } };
  const header = rows[0].fields.map((h) => {
    const k = h.trim().replace(/^\uFEFF/, '').toLocaleLowerCase('vi').normalize('NFC');
    return ALIASES[k] ?? k;
  });
  const allowed = SPENDING_CSV_COLUMNS as readonly string[];
  const headerHasActivity = header.includes('activity') || header.includes('activity_name');
  const missing = REQUIRED.filter((r) => !header.includes(r) && !(r === 'activity' && headerHasActivity));
  if (missing.length)
    return { rows: [], conflicts: [], fileError: { vi: `Thiếu cột bắt buộc: ${missing.join(', ')} (dòng tiêu đề cần có ${REQUIRED.join(', ')})`, en: `Missing required column(s): ${missing.join(', ')} (the header needs ${REQUIRED.join(', ')})` } };
  const unknown = header.filter((h) => !allowed.includes(h));
  if (unknown.length) return { rows: [], conflicts: [], fileError: { vi: `Cột không được hỗ trợ: ${unknown.join(', ')} (cho phép: ${SPENDING_CSV_COLUMNS.join(', ')})`, en: `Unsupported column(s): ${unknown.join(', ')} (allowed: ${SPENDING_CSV_COLUMNS.join(', ')})` } };
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  if (twice.length) return { rows: [], conflicts: [], fileError: { vi: `Cột bị lặp: ${[...new Set(twice)].join(', ')}`, en: `Column(s) given twice: ${[...new Set(twice)].join(', ')}` } };
  if (rows.length === 1) return { rows: [], conflicts: [], fileError: { vi: 'Tệp CSV chỉ có dòng tiêu đề, không có số liệu', en: 'The CSV file has a header and no data' } };

  const col = (name: string) => header.indexOf(name);
  const out: SpendingCsvRow[] = [];
  const conflicts: Conflict[] = [];
  rows.slice(1).forEach((r, index) => {
    const at = `dòng ${r.line}`;
    const atEn = `line ${r.line}`;
    const fail = (code: string, property: string, vi: string, en: string) => conflicts.push({ object: atEn, value: `${cap(at)}: ${vi}`, valueEn: `${cap(atEn)}: ${en}`, errorCode: code, indexes: [index], property });
    if (r.fields.length !== header.length) {
      fail('wrong_field_count', '', `có ${r.fields.length} cột, cần ${header.length}`, `${r.fields.length} fields, expected ${header.length}`);
      return;
    }
    const get = (name: string) => (col(name) >= 0 ? r.fields[col(name)].trim() : '');
    const year = get('year');
    if (year && year !== String(options.year)) {
      fail('other_year', 'year', `năm "${year}" khác năm đang nhập (${options.year})`, `year "${year}" differs from the year being imported (${options.year})`);
      return;
    }
    const amount = get('amount');
    const note = get('note');
    if (amount === '' && note === '') {
      fail('amount_required', 'amount', 'thiếu số tiền thực hiện (ghi 0 nếu không chi)', 'no amount (write 0 if nothing was spent)');
      return;
    }
    out.push({
      index,
      line: r.line,
      input: {
        activity: get('activity') || get('activity_name'),
        year: options.year,
        source: get('source'),
        amount: amount === '' ? null : amount,
        note: note || null,
        currencyUnit: get('currency_unit') || undefined,
      },
    });
  });
  return { rows: out, conflicts, fileError: null };
}
