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
import { formatDate } from './format.ts';

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

/** The records of a CSV text with the 1-based line each starts on (quoted cells may span lines). */
export function readCsvLines(text: string): { cells: string[]; line: number }[] {
  const records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const out: { cells: string[]; line: number }[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    out.push({ cells: record, line: previousEnd + 1 });
    previousEnd = info.lines;
  }
  return out;
}

function conversionRow(r: string[], line: number): ConversionRow {
  const shareText = clean(r[8]).replace(',', '.');
  return {
    line,
    newName: clean(r[1]),
    newCode: clean(r[2]),
    oldName: clean(r[3]),
    oldCode: clean(r[4]),
    note: clean(r[5]),
    oldDistrictCode: codeInParens(r[6] ?? ''),
    oldProvinceCode: codeInParens(r[7] ?? ''),
    share: shareText === '' || Number.isNaN(Number(shareText)) ? null : Number(shareText),
  };
}

/** The conversion table's data rows (province headings and the two header rows skipped). */
export function readConversionTable(text: string): ConversionRow[] {
  return readCsvLines(text).filter(({ cells }) => /^\d+$/.test(clean(cells[2]))).map(({ cells, line }) => conversionRow(cells, line));
}

/** The province code of a conversion row's first column: "Thành phố Hà Nội (01)" → "01". */
export const provinceCodeOf = (cell: string | undefined): string | null => codeInParens(cell ?? '');

/**
 * A conversion table sent for import (CSV lines or XLSX rows, each with its line number), read strictly:
 * the header and province heading rows (no code at all) are skipped; a row with a code that is not five
 * digits, or a share that is not a number between 0 and 1, is a problem naming its line — never skipped.
 */
export function readConversionRecords(records: { cells: string[]; line: number }[]): { rows: (ConversionRow & { provinceCode: string | null })[]; problems: ConversionProblem[] } {
  const rows: (ConversionRow & { provinceCode: string | null })[] = [];
  const problems: ConversionProblem[] = [];
  for (const { cells, line } of records) {
    const newCode = clean(cells[2]);
    const oldCode = clean(cells[4]);
    if (searchKey(newCode).includes('ma xa')) continue; // the header row
    // a heading or a title row has no code; a row naming two communes without their codes is a problem
    if (!/\d/.test(newCode + oldCode) && !(clean(cells[1]) && clean(cells[3]))) continue;
    const bad: [string, string][] = [];
    if (!/^\d{5}$/.test(newCode)) bad.push([`mã xã mới "${newCode}" phải có 5 chữ số`, `new commune code "${newCode}" must have 5 digits`]);
    if (!/^\d{5}$/.test(oldCode)) bad.push([`mã xã cũ "${oldCode}" phải có 5 chữ số`, `old commune code "${oldCode}" must have 5 digits`]);
    if (!clean(cells[1])) bad.push(['thiếu tên xã mới', 'the new commune has no name']);
    const shareText = clean(cells[8]).replace(',', '.');
    const share = Number(shareText);
    if (shareText !== '' && !(Number.isFinite(share) && share > 0 && share <= 1)) bad.push([`tỷ lệ "${clean(cells[8])}" phải là số trong khoảng (0; 1]`, `share "${clean(cells[8])}" must be a number in (0, 1]`]);
    if (bad.length) {
      problems.push({ lines: [line], vi: `Dòng ${line}: ${bad.map((b) => b[0]).join('; ')}`, en: `Line ${line}: ${bad.map((b) => b[1]).join('; ')}` });
      continue;
    }
    rows.push({ ...conversionRow(cells, line), provinceCode: provinceCodeOf(cells[0]) });
  }
  return { rows, problems };
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

// ------------------------------------------------------------------------------------------------
// A later official change (a new resolution): what a conversion table would change, decided before
// anything is written (pure; src/storage/units-conversion.ts reads the database and applies it).

export interface ConversionState {
  /** the day the new communes start (YYYY-MM-DD) */
  validFrom: string;
  /** communes in force the day before, by code */
  old: Map<string, { name: string; kind: string | null }>;
  /** communes that already start on validFrom (a new list imported for that day, or an earlier run), by code */
  startingOn: Map<string, { name: string; kind: string | null }>;
  /** provinces in force on validFrom, by code */
  provinces: Set<string>;
}

export interface ConversionPlan {
  /** new communes to create on validFrom */
  added: { code: string; kind: string; name: string; provinceCode: string; lines: number[] }[];
  /** one old commune becoming one new one under another name (a new unit with a rename link) */
  renamed: { code: string; kind: string; name: string; provinceCode: string; was: string; oldCode: string; lines: number[] }[];
  /** old communes that end the day before validFrom */
  ended: { code: string; name: string }[];
  /** old communes kept as they are (Giữ nguyên: same code, same name, nothing else goes to or from them) */
  unchanged: string[];
  /** succession links old → new, with the share of the old commune each new one receives */
  links: { oldCode: string; newCode: string; kind: 'split' | 'merge' | 'rename'; share: number | null; estimated: boolean }[];
}

const sameName = (a: string, b: string) => searchKey(a) === searchKey(b);
const list = (lines: number[]) => lines.join(', ');

/**
 * Checks the rows against the units in force and plans the change; every problem names its lines.
 * A new commune is found among those already starting on that day, or created from its rows (under
 * the province of the first column, "Tỉnh Thanh Hóa (38)"). When communes already start on that day
 * (the new unit list was imported first), the table must match that list both ways.
 */
export function planConversion(rows: (ConversionRow & { provinceCode: string | null })[], state: ConversionState): { plan: ConversionPlan; problems: ConversionProblem[] } {
  const problems: ConversionProblem[] = [];
  const dayBefore = formatDayBefore(state.validFrom);
  const add = (lines: number[], vi: string, en: string) => problems.push({ lines, vi, en });
  // a row repeated (the same old commune to the same new one twice)
  const seenPair = new Map<string, number>();
  const kept: typeof rows = [];
  for (const r of rows) {
    const key = `${r.oldCode}|${r.newCode}`;
    const first = seenPair.get(key);
    if (first !== undefined) {
      add([first, r.line], `Dòng ${r.line} lặp lại dòng ${first}: ${r.oldName} (${r.oldCode}) → ${r.newName} (${r.newCode})`, `Line ${r.line} repeats line ${first}: ${r.oldName} (${r.oldCode}) → ${r.newName} (${r.newCode})`);
      continue;
    }
    seenPair.set(key, r.line);
    kept.push(r);
  }
  // old communes must be in force the day before, under that name
  for (const r of kept) {
    const old = state.old.get(r.oldCode);
    const [, oldName] = splitKind(r.oldName, COMMUNE_KINDS);
    if (!old) add([r.line], `Dòng ${r.line}: xã cũ ${r.oldName} (${r.oldCode}) không có trong danh mục đang có hiệu lực ngày ${dayBefore}`, `Line ${r.line}: old commune ${r.oldName} (${r.oldCode}) is not among the units in force on ${dayBefore}`);
    else if (oldName && !sameName(oldName, old.name)) add([r.line], `Dòng ${r.line}: mã ${r.oldCode} là ${fullLabel(old)}, không phải ${r.oldName}`, `Line ${r.line}: code ${r.oldCode} is ${fullLabel(old)}, not ${r.oldName}`);
  }
  // each new commune: one name, one province
  const groups = new Map<string, typeof rows>();
  for (const r of kept) groups.set(r.newCode, [...(groups.get(r.newCode) ?? []), r]);
  const successorsOf = new Map<string, Set<string>>();
  for (const r of kept) successorsOf.set(r.oldCode, (successorsOf.get(r.oldCode) ?? new Set()).add(r.newCode));
  const plan: ConversionPlan = { added: [], renamed: [], ended: [], unchanged: [], links: [] };
  const unchanged = new Set<string>();
  for (const [code, group] of groups) {
    const lines = group.map((r) => r.line);
    const names = new Set(group.map((r) => searchKey(r.newName)));
    if (names.size > 1) add(lines, `Xã mới mã ${code} có nhiều tên khác nhau (${[...new Set(group.map((r) => r.newName))].join(', ')}) — dòng ${list(lines)}`, `New commune ${code} has different names (${[...new Set(group.map((r) => r.newName))].join(', ')}) — lines ${list(lines)}`);
    const [kind, name] = splitKind(group[0].newName, COMMUNE_KINDS);
    const old = state.old.get(code);
    const onlyItself = group.length === 1 && group[0].oldCode === code && successorsOf.get(code)!.size === 1;
    if (onlyItself && old && sameName(old.name, name) && !state.startingOn.has(code)) {
      unchanged.add(code);
      continue;
    }
    if (state.startingOn.has(code)) continue; // already there: only links (and ends) to add
    const provinces = new Set(group.map((r) => r.provinceCode));
    const provinceCode = group[0].provinceCode;
    if (provinces.size > 1) add(lines, `Xã mới ${group[0].newName} (${code}) ghi ở nhiều tỉnh khác nhau — dòng ${list(lines)}`, `New commune ${group[0].newName} (${code}) is under different provinces — lines ${list(lines)}`);
    else if (!provinceCode || !state.provinces.has(provinceCode))
      add(lines, `Xã mới ${group[0].newName} (${code}): tỉnh "${provinceCode ?? ''}" không có hiệu lực ngày ${formatDayBefore(state.validFrom, 0)} (cột 1 cần ghi mã tỉnh, ví dụ "Tỉnh Thanh Hóa (38)") — dòng ${list(lines)}`, `New commune ${group[0].newName} (${code}): province "${provinceCode ?? ''}" is not in force on ${state.validFrom} (column 1 needs the province code, e.g. "Tỉnh Thanh Hóa (38)") — lines ${list(lines)}`);
    const entry = { code, kind: kind ?? 'xã', name, provinceCode: provinceCode ?? '', lines };
    if (onlyItself && old) plan.renamed.push({ ...entry, was: fullLabel(old), oldCode: code });
    else plan.added.push(entry);
  }
  // the new unit list, when one was imported for that day, and the shares
  const listed = state.startingOn.size ? new Map([...state.startingOn].map(([c, u]) => [c, fullLabel(u)])) : new Map([...groups].map(([c, g]) => [c, g[0].newName]));
  for (const c of unchanged) listed.set(c, groups.get(c)![0].newName);
  problems.push(...checkConversion(kept, listed).map((p) => (p.lines.length || !state.startingOn.size ? p : { ...p, vi: `${p.vi} (danh mục từ ngày ${formatDayBefore(state.validFrom, 0)})`, en: `${p.en} (the list from ${state.validFrom})` })));

  const moving = kept.filter((r) => !unchanged.has(r.newCode));
  const pairs: LinkRow[] = moving.map((r) => ['commune', r.oldCode, r.newCode]);
  const kinds = linkKinds(pairs);
  moving.forEach((r, i) => {
    const given = r.share !== null;
    plan.links.push({ oldCode: r.oldCode, newCode: r.newCode, kind: kinds[i].kind, share: given ? r.share : kinds[i].share, estimated: !given && kinds[i].share !== null });
  });
  const endedCodes = new Set(moving.map((r) => r.oldCode));
  for (const code of endedCodes) {
    const old = state.old.get(code);
    if (old) plan.ended.push({ code, name: fullLabel(old) });
  }
  plan.unchanged = [...unchanged];
  return { plan, problems: problems.sort((a, b) => (a.lines[0] ?? Infinity) - (b.lines[0] ?? Infinity)) };
}

const fullLabel = (u: { name: string; kind: string | null }) => (u.kind && !searchKey(u.name).startsWith(searchKey(u.kind)) ? `${u.kind} ${u.name}` : u.name);

/** "2027-01-01" → "31/12/2026" (the day before; offset 0: the day itself) */
function formatDayBefore(iso: string, offset = 1): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - offset);
  return formatDate(d.toISOString().slice(0, 10));
}
