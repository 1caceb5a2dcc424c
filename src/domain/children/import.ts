/**
 * Bulk import of the register from a table (CSV or XLSX already read into rows of text):
 * header recognition (Vietnamese with or without diacritics, or English), validation of every
 * row, and the list of every bad row. The caller stores all rows or none.
 */
import { checkChildBirthDate, parseDate } from './age.ts';
import { CIRCUMSTANCE_GROUPS } from './groups.ts';
import { foldVietnamese, normaliseIdNumber, normaliseName } from './text.ts';
import { csvLine } from '../spreadsheet-safety.ts';

export const IMPORT_COLUMNS = {
  fullName: ['ho va ten', 'ho ten', 'ten tre', 'full name', 'name'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'birth date', 'date of birth'],
  sex: ['gioi tinh', 'sex'],
  ethnicity: ['dan toc', 'ethnicity'],
  idNumber: ['so dinh danh', 'so dinh danh ca nhan', 'ma dinh danh', 'cccd', 'id number'],
  address: ['dia chi', 'noi o', 'address'],
  village: ['thon', 'thon ban', 'thon to', 'village'],
  caregivers: ['cha me nguoi cham soc', 'nguoi cham soc', 'cha me', 'caregivers'],
  povertyStatus: ['ho ngheo', 'hoan canh ho', 'ho ngheo can ngheo', 'poverty status'],
  disability: ['khuyet tat', 'disability'],
  schooling: ['di hoc', 'hoc van', 'cap hoc', 'schooling'],
  healthInsurance: ['bhyt', 'bao hiem y te', 'the bhyt', 'health insurance'],
  groups: ['hoan canh dac biet', 'nhom hoan canh', 'special circumstances'],
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  vi: string;
  en: string;
}

export interface ImportedChild {
  row: number;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female' | 'unknown';
  ethnicity: string | null;
  idNumber: string | null;
  address: string | null;
  village: string | null;
  caregivers: { name: string; relation: string }[];
  povertyStatus: 'poor' | 'near_poor' | 'none' | 'unknown';
  disability: boolean | null;
  schooling: string;
  healthInsurance: boolean | null;
  groups: string[];
}

export function mapHeader(header: string[]): { map: Partial<Record<ImportField, number>>; unknown: string[] } {
  const map: Partial<Record<ImportField, number>> = {};
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const f = foldVietnamese(h);
    if (!f) return;
    const field = (Object.keys(IMPORT_COLUMNS) as ImportField[]).find((k) => (IMPORT_COLUMNS[k] as readonly string[]).includes(f));
    if (field && map[field] === undefined) map[field] = i;
    else unknown.push(h);
  });
  return { map, unknown };
}

const yesNo = (v: string): boolean | null | undefined => {
  const f = foldVietnamese(v);
  if (!f) return null;
  if (['co', 'x', '1', 'yes', 'true', 'c'].includes(f)) return true;
  if (['khong', '0', 'no', 'false', 'k'].includes(f)) return false;
  return undefined;
};

const SCHOOLING: Record<string, string> = {
  'chua di hoc': 'under_age', 'chua den tuoi': 'under_age', 'mam non': 'preschool', 'mau giao': 'preschool', 'tieu hoc': 'primary',
  'thcs': 'lower_secondary', 'trung hoc co so': 'lower_secondary', 'thpt': 'upper_secondary', 'trung hoc pho thong': 'upper_secondary',
  'bo hoc': 'not_in_school', 'khong di hoc': 'not_in_school', 'thoi hoc': 'not_in_school',
  under_age: 'under_age', preschool: 'preschool', primary: 'primary', lower_secondary: 'lower_secondary', upper_secondary: 'upper_secondary', not_in_school: 'not_in_school',
};

export function validateImport(rows: string[][], registrationDate: string): { children: ImportedChild[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const children: ImportedChild[] = [];
  if (rows.length === 0) return { children, errors: [{ row: 0, column: null, value: null, vi: 'Tệp không có dữ liệu.', en: 'The file is empty.' }] };
  const header = rows[0];
  const { map } = mapHeader(header);
  for (const required of ['fullName', 'birthDate', 'sex'] as const) {
    if (map[required] === undefined)
      errors.push({ row: 1, column: IMPORT_COLUMNS[required][0], value: null, vi: `Thiếu cột bắt buộc "${IMPORT_COLUMNS[required][0]}".`, en: `Missing required column "${IMPORT_COLUMNS[required][0]}".` });
  }
  if (errors.length) return { children, errors };
  const seenIds = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r];
    const rowNo = r + 1;
    if (cells.every((c) => !c || !c.trim())) continue;
    const get = (f: ImportField) => (map[f] === undefined ? '' : (cells[map[f]!] ?? '').trim());
    const err = (column: ImportField, vi: string, en: string) => errors.push({ row: rowNo, column: header[map[column] ?? 0] ?? column, value: get(column) || null, vi, en });
    const before = errors.length;
    const fullName = normaliseName(get('fullName'));
    if (!fullName) err('fullName', 'Thiếu họ và tên.', 'Full name is missing.');
    else if (fullName.length > 200 || !/\p{L}/u.test(fullName)) err('fullName', 'Họ và tên không hợp lệ.', 'Invalid full name.');
    const birthText = get('birthDate');
    let birthDate = '';
    if (!birthText) err('birthDate', 'Thiếu ngày sinh.', 'Birth date is missing.');
    else {
      const v = checkChildBirthDate(birthText, registrationDate);
      if (v) err('birthDate', v.vi, v.en);
      else birthDate = parseDate(birthText)!;
    }
    const sexF = foldVietnamese(get('sex'));
    const sex = ['nam', 'male', 'm', 'trai'].includes(sexF) ? 'male' : ['nu', 'female', 'f', 'gai'].includes(sexF) ? 'female' : ['', 'khong ro', 'unknown'].includes(sexF) ? 'unknown' : null;
    if (!sex) err('sex', 'Giới tính phải là "Nam" hoặc "Nữ".', 'Sex must be "Nam" (male) or "Nữ" (female).');
    const idRaw = get('idNumber');
    let idNumber: string | null = null;
    if (idRaw) {
      idNumber = normaliseIdNumber(idRaw);
      if (!/^\d{12}$/.test(idNumber) || idRaw.replace(/[\s.-]/g, '') !== idNumber) { err('idNumber', 'Số định danh cá nhân phải gồm 12 chữ số.', 'The personal identification number must have 12 digits.'); idNumber = null; }
      else if (seenIds.has(idNumber)) err('idNumber', `Số định danh trùng với dòng ${seenIds.get(idNumber)}.`, `Same identification number as row ${seenIds.get(idNumber)}.`);
      else seenIds.set(idNumber, rowNo);
    }
    const povF = foldVietnamese(get('povertyStatus'));
    const povertyStatus = ['ngheo', 'ho ngheo', 'poor'].includes(povF) ? 'poor' : ['can ngheo', 'ho can ngheo', 'near poor', 'near_poor'].includes(povF) ? 'near_poor' : ['khong', 'none', 'binh thuong'].includes(povF) ? 'none' : povF === '' ? 'unknown' : null;
    if (!povertyStatus) err('povertyStatus', 'Hoàn cảnh hộ phải là "nghèo", "cận nghèo" hoặc "không".', 'Household status must be poor, near-poor or none.');
    const disability = yesNo(get('disability'));
    if (disability === undefined) err('disability', 'Khuyết tật phải là "có" hoặc "không".', 'Disability must be yes or no.');
    const healthInsurance = yesNo(get('healthInsurance'));
    if (healthInsurance === undefined) err('healthInsurance', 'BHYT phải là "có" hoặc "không".', 'Health insurance must be yes or no.');
    const schF = foldVietnamese(get('schooling')).replace(/ /g, (m) => m);
    const schooling = schF === '' ? 'unknown' : SCHOOLING[schF] ?? SCHOOLING[get('schooling')] ?? null;
    if (!schooling) err('schooling', 'Cấp học không hợp lệ (mầm non, tiểu học, THCS, THPT, chưa đi học, bỏ học).', 'Unknown schooling level.');
    const groups: string[] = [];
    for (const part of get('groups').split(/[;,]/).map((s) => s.trim()).filter(Boolean)) {
      const g = CIRCUMSTANCE_GROUPS.find((x) => x.code === part || String(x.number) === part);
      if (!g) err('groups', `Nhóm hoàn cảnh đặc biệt "${part}" không có (dùng số 1–14 theo Điều 10 Luật Trẻ em hoặc mã nhóm).`, `Unknown special-circumstance group "${part}".`);
      else groups.push(g.code);
    }
    const caregivers = get('caregivers').split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
      const m = /^(.*?)\s*\((.*)\)$/.exec(s);
      return m ? { name: m[1], relation: m[2] } : { name: s, relation: '' };
    });
    if (errors.length > before) continue;
    children.push({
      row: rowNo, fullName, birthDate, sex: sex as ImportedChild['sex'], ethnicity: get('ethnicity') || null, idNumber, address: get('address') || null,
      village: get('village') || null, caregivers, povertyStatus: povertyStatus as ImportedChild['povertyStatus'], disability: disability ?? null, schooling: schooling!, healthInsurance: healthInsurance ?? null, groups,
    });
  }
  if (children.length === 0 && errors.length === 0) errors.push({ row: 0, column: null, value: null, vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' });
  return { children, errors };
}

/** A small CSV reader: comma or semicolon, quotes, BOM, CRLF. */
export function parseCsv(text: string): string[][] {
  const t = text.replace(/^\uFEFF/, '');
  const firstLine = t.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"' && t[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && t[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export function toCsv(rows: (string | number | null)[][]): string {
  // formula-like text (a name starting with "=") leaves inert: src/domain/spreadsheet-safety.ts
  return '\uFEFF' + rows.map(csvLine).join('\r\n') + '\r\n';
}
