/**
 * The statistics office's lists of administrative units (Danh mục đơn vị hành chính) and its
 * conversion table of the 2025 reform, read into compact built-in data. Pure: text in, data out.
 *
 *  - communes before 01/07/2025: `Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp, Tên Tiếng Anh`
 *    (an island district without communes is a row of its own with an empty commune code);
 *  - communes from 01/07/2025: `province_code, province_name, province_type, commune_code, commune_name, commune_type`;
 *  - the conversion table: `Tỉnh thành phố, Tên Xã mới, Mã Xã mới, Tên Xã cũ, Mã Xã cũ, Ghi chú, Quận/huyện, Tỉnh cũ`
 *    with province heading rows (no codes) and quoted multi-line cells.
 * Parsed with csv-parse (a real CSV parser: quotes, embedded newlines, ragged rows).
 */
import { parse } from 'csv-parse/sync';
import { searchKey } from './units.ts';

export type DistrictRow = [code: string, kind: string, name: string, provinceCode: string];
export type CommuneBeforeRow = [code: string, kind: string, name: string, districtCode: string, nameEn: string | null];
export type CommuneAfterRow = [code: string, kind: string, name: string, provinceCode: string];
/** predecessor level and code (before the reform) → successor commune code (from the reform) */
export type LinkRow = [level: 'commune' | 'district', predecessorCode: string, successorCode: string];

export interface BuiltinUnitData {
  /** bump when the data changes: an installation loads what it misses once per version */
  version: string;
  provincesBefore: [code: string, kind: string, name: string][];
  provincesAfter: [code: string, kind: string, name: string][];
  districts: DistrictRow[];
  communesBefore: CommuneBeforeRow[];
  communesAfter: CommuneAfterRow[];
  links: LinkRow[];
  /** conversion rows that name an old commune absent from the list of 04/01/2025 (left out, listed) */
  unresolved: string[];
}

export const DISTRICT_KINDS = ['thành phố', 'thị xã', 'quận', 'huyện'];
export const COMMUNE_KINDS = ['thị trấn', 'phường', 'đặc khu', 'xã'];
export const PROVINCE_KINDS = ['thành phố', 'tỉnh'];

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** "Phường Phúc Xá" → ['phường', 'Phúc Xá']; a numbered ward keeps its kind in the name ("Phường 14"). */
export function splitKind(fullName: string, kinds: string[]): [kind: string | null, name: string] {
  const text = clean(fullName).normalize('NFC');
  const lower = text.toLocaleLowerCase('vi');
  for (const k of kinds) {
    if (lower.startsWith(`${k} `)) {
      const rest = text.slice(k.length + 1).trim();
      return [k, /^\d/.test(rest) ? `${text.slice(0, k.length)} ${rest}` : rest];
    }
  }
  return [null, text];
}

/** the code inside the last parentheses: "Quận Ba Đình (001)" → "001" */
const codeInParens = (s: string) => /\((\d+)\)\s*$/.exec(clean(s))?.[1] ?? null;

export function readCsv(text: string): string[][] {
  return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
}

export interface ConversionRow {
  /** 1-based line of the row's first line in the file */
  line: number;
  newName: string;
  newCode: string;
  oldName: string;
  oldCode: string;
  note: string;
  oldDistrictCode: string | null;
  oldProvinceCode: string | null;
  /** an explicit share of the old commune given to this new one, when the file has one (column 9) */
  share: number | null;
}

/** The conversion table's data rows (province headings and the two header rows skipped). */
export function readConversionTable(text: string): ConversionRow[] {
  const records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const out: ConversionRow[] = [];
  let previousEnd = 0;
  for (const { record: r, info } of records) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const newCode = clean(r[2]);
    if (!/^\d+$/.test(newCode)) continue; // header or province heading
    const shareText = clean(r[8]).replace(',', '.');
    out.push({
      line,
      newName: clean(r[1]),
      newCode,
      oldName: clean(r[3]),
      oldCode: clean(r[4]),
      note: clean(r[5]),
      oldDistrictCode: codeInParens(r[6] ?? ''),
      oldProvinceCode: codeInParens(r[7] ?? ''),
      share: shareText === '' || Number.isNaN(Number(shareText)) ? null : Number(shareText),
    });
  }
  return out;
}

export interface ReadResult {
  data: BuiltinUnitData;
  /** facts worth knowing (corrected codes, communes without successor); not errors */
  problems: string[];
}

/** Reads the three files, resolves each conversion row to codes of the two lists, and checks the counts. */
export function readBuiltinUnitFiles(files: { before: string; after: string; conversion: string }): ReadResult {
  const problems: string[] = [];
  const before = readCsv(files.before).slice(1);
  const after = readCsv(files.after).slice(1);
  const provincesBefore = new Map<string, [string, string, string]>();
  const districts = new Map<string, DistrictRow>();
  const communesBefore = new Map<string, CommuneBeforeRow>();
  const islandDistricts = new Set<string>();
  for (const r of before) {
    const [pName, pCode, dName, dCode, cName, cCode, , nameEn] = r.map(clean);
    const [pKind, pn] = splitKind(pName, PROVINCE_KINDS);
    provincesBefore.set(pCode, [pCode, pKind ?? 'tỉnh', pn]);
    const [dKind, dn] = splitKind(dName, DISTRICT_KINDS);
    if (!districts.has(dCode)) districts.set(dCode, [dCode, dKind ?? 'huyện', dn, pCode]);
    if (!cCode) {
      islandDistricts.add(dCode);
      continue;
    }
    const [cKind, cn] = splitKind(cName, COMMUNE_KINDS);
    if (communesBefore.has(cCode)) problems.push(`mã xã trùng / duplicate commune code ${cCode}`);
    communesBefore.set(cCode, [cCode, cKind ?? 'xã', cn, dCode, nameEn || null]);
  }
  const provincesAfter = new Map<string, [string, string, string]>();
  const communesAfter = new Map<string, CommuneAfterRow>();
  for (const r of after) {
    const [pCode, pName, pType, cCode, cName] = r.map(clean);
    const [, pn] = splitKind(pName, PROVINCE_KINDS);
    provincesAfter.set(pCode, [pCode, pType.startsWith('thành phố') ? 'thành phố' : 'tỉnh', pn]);
    const [cKind, cn] = splitKind(cName, COMMUNE_KINDS);
    communesAfter.set(cCode, [cCode, cKind ?? clean(r[5]).toLocaleLowerCase('vi'), cn, pCode]);
  }
  const check = (what: string, actual: number, expected: number) => {
    if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
  };
  check('provinces before 01/07/2025', provincesBefore.size, 63);
  check('commune-level rows before 01/07/2025', communesBefore.size + islandDistricts.size, 10056);
  check('provinces from 01/07/2025', provincesAfter.size, 34);
  check('communes from 01/07/2025', communesAfter.size, 3321);

  const byDistrictAndName = new Map<string, string>();
  for (const [code, , name, d] of communesBefore.values()) byDistrictAndName.set(`${d}|${searchKey(name)}`, code);
  const links = new Map<string, LinkRow>();
  const unresolved: string[] = [];
  for (const row of readConversionTable(files.conversion)) {
    if (!communesAfter.has(row.newCode)) throw new Error(`line ${row.line}: new commune ${row.newCode} ${row.newName} is not in the list from 01/07/2025`);
    let link: LinkRow | null = null;
    if (!row.oldCode && row.oldDistrictCode && islandDistricts.has(row.oldDistrictCode)) link = ['district', row.oldDistrictCode, row.newCode];
    else {
      const [, oldName] = splitKind(row.oldName, COMMUNE_KINDS);
      const byCode = communesBefore.get(row.oldCode);
      const byName = row.oldDistrictCode ? byDistrictAndName.get(`${row.oldDistrictCode}|${searchKey(oldName)}`) : undefined;
      if (byCode && (searchKey(byCode[2]) === searchKey(oldName) || !byName)) link = ['commune', byCode[0], row.newCode];
      else if (byName) {
        problems.push(`line ${row.line}: ${row.oldName} (${row.oldCode}) is ${byName} in the list of 04/01/2025`);
        link = ['commune', byName, row.newCode];
      } else unresolved.push(`${row.line}: ${row.oldName} (${row.oldCode}, ${row.oldDistrictCode ?? '?'}) → ${row.newName} (${row.newCode})`);
    }
    if (link) links.set(`${link[0]}|${link[1]}|${link[2]}`, link);
  }
  const withPredecessor = new Set([...links.values()].map((l) => l[2]));
  const orphans = [...communesAfter.keys()].filter((c) => !withPredecessor.has(c));
  if (orphans.length) throw new Error(`new communes without a predecessor: ${orphans.join(', ')}`);
  const withSuccessor = new Set([...links.values()].filter((l) => l[0] === 'commune').map((l) => l[1]));
  const ended = [...communesBefore.keys()].filter((c) => !withSuccessor.has(c));
  if (ended.length) problems.push(`${ended.length} old communes have no successor in the conversion table: ${ended.join(', ')}`);
  for (const u of unresolved) problems.push(`unresolved conversion row ${u}`);
  return {
    data: {
      version: '2025-07-01.1',
      provincesBefore: [...provincesBefore.values()],
      provincesAfter: [...provincesAfter.values()],
      districts: [...districts.values()],
      communesBefore: [...communesBefore.values()],
      communesAfter: [...communesAfter.values()],
      links: [...links.values()],
      unresolved,
    },
    problems,
  };
}

/**
 * The kind of each succession link and its default share: an old unit that went to several new
 * communes is split in equal shares (an estimate, to be corrected with population or area);
 * one that went whole to a commune with several predecessors is merged; one-to-one is a rename.
 */
export function linkKinds(links: LinkRow[]): { kind: 'split' | 'merge' | 'rename'; share: number | null }[] {
  const successorsOf = new Map<string, number>();
  const predecessorsOf = new Map<string, number>();
  for (const [level, p, s] of links) {
    successorsOf.set(`${level}|${p}`, (successorsOf.get(`${level}|${p}`) ?? 0) + 1);
    predecessorsOf.set(s, (predecessorsOf.get(s) ?? 0) + 1);
  }
  return links.map(([level, p, s]) => {
    const n = successorsOf.get(`${level}|${p}`)!;
    if (n > 1) return { kind: 'split', share: 1 / n };
    return { kind: predecessorsOf.get(s)! > 1 ? 'merge' : 'rename', share: null };
  });
}

export interface ConversionProblem {
  /** the file's lines concerned */
  lines: number[];
  vi: string;
  en: string;
}

/**
 * Checks a conversion table (a later resolution's, or a corrected one) before anything is written:
 * every new commune of the list in force must have at least one row, every row must name a commune
 * of that list, and where the file gives shares, an old commune's shares must sum to 1.
 */
export function checkConversion(rows: ConversionRow[], newCommunes: Map<string, string>): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const unknown = rows.filter((r) => !newCommunes.has(r.newCode));
  for (const r of unknown)
    problems.push({ lines: [r.line], vi: `Dòng ${r.line}: xã mới ${r.newName} (${r.newCode}) không có trong danh mục mới`, en: `Line ${r.line}: new commune ${r.newName} (${r.newCode}) is not in the new list` });
  const named = new Set(rows.map((r) => r.newCode));
  const missing = [...newCommunes].filter(([code]) => !named.has(code));
  if (missing.length)
    problems.push({
      lines: [],
      vi: `Thiếu ${missing.length} xã mới trong bảng chuyển đổi (không có đơn vị cũ nào): ${missing.slice(0, 20).map(([c, n]) => `${n} (${c})`).join(', ')}${missing.length > 20 ? '…' : ''}`,
      en: `${missing.length} new commune(s) missing from the conversion table (no old unit): ${missing.slice(0, 20).map(([c, n]) => `${n} (${c})`).join(', ')}${missing.length > 20 ? '…' : ''}`,
    });
  const byOld = new Map<string, ConversionRow[]>();
  for (const r of rows) if (r.oldCode) byOld.set(r.oldCode, [...(byOld.get(r.oldCode) ?? []), r]);
  for (const [code, group] of byOld) {
    const given = group.filter((r) => r.share !== null);
    if (!given.length) continue;
    const sum = given.reduce((a, r) => a + r.share!, 0);
    if (given.length !== group.length || Math.abs(sum - 1) > 1e-6) {
      const lines = group.map((r) => r.line);
      const shown = String(Math.round(sum * 1e6) / 1e6);
      problems.push({
        lines,
        vi: `Xã cũ ${group[0].oldName} (${code}): tổng tỷ lệ ${shown.replace('.', ',')} khác 1${given.length !== group.length ? ' (có dòng thiếu tỷ lệ)' : ''} — dòng ${lines.join(', ')}`,
        en: `Old commune ${group[0].oldName} (${code}): shares sum to ${shown}, not 1${given.length !== group.length ? ' (a row has no share)' : ''} — lines ${lines.join(', ')}`,
      });
    }
  }
  return problems;
}
