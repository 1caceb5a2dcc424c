/**
 * Assignments: in the "TỔ CHỨC THỰC HIỆN" section each numbered heading names an agency;
 * the bullets under it are its tasks, and "chỉ tiêu 3, 4, 5" inside them are the
 * indicators it leads.
 */
import { findSection, type Line, type TextModel } from './textmodel.ts';
import type { ImportedAssignment } from './types.ts';

export function parseAssignments(model: TextModel): ImportedAssignment[] {
  const section = findSection(model, /^to chuc thuc hien/);
  if (!section) return [];
  const out: ImportedAssignment[] = [];
  let current: ImportedAssignment | null = null;
  for (let i = section.from; i <= section.to; i++) {
    const line = model.lines[i];
    const f = line.folded.trim();
    if (!f) continue;
    if (/^(?:noi nhan|phu luc|tren day la)/.test(f) || line.text.includes('\t')) break;
    const head = /^(\d+)[.)]\s+(.*)$/.exec(f);
    if (head) {
      const lead = line.folded.length - line.folded.trimStart().length;
      const restStart = line.start + lead + (f.length - head[2].length);
      const { agency, inlineTask } = splitAgency(model.text.slice(restStart, line.end), head[2]);
      current = { agency, sector: sectorOf(agency), indicators: [], role: 'lead', tasks: [], source: { start: line.start, end: line.end } };
      out.push(current);
      if (inlineTask) addTask(current, inlineTask, line);
      continue;
    }
    if (!current) continue;
    addTask(current, line.text.replace(/^\s*[-+•]\s*/, '').trim(), line);
    current.source.end = line.end;
  }
  for (const a of out) a.indicators = [...new Set(a.indicators)].sort((x, y) => Number(x) - Number(y));
  return out;
}

function addTask(a: ImportedAssignment, text: string, line: Line): void {
  if (!text) return;
  a.tasks.push({ text, source: { start: line.start, end: line.end } });
  a.indicators.push(...indicatorNumbers(line.folded));
}

/** "chỉ tiêu 1, 2, 8", "các chỉ tiêu 3,4,5,6", "chỉ tiêu 15–20", "chỉ tiêu số 9" */
export function indicatorNumbers(folded: string): string[] {
  const out: string[] = [];
  const re = /chi tieu\s*(?:so\s*)?(\d+(?:\s*(?:,|va|-|–|den)\s*\d+)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    const list = m[1];
    for (const part of list.split(/\s*(?:,|va)\s*/)) {
      const range = /^(\d+)\s*(?:-|–|den)\s*(\d+)$/.exec(part);
      if (range) {
        for (let n = Number(range[1]); n <= Number(range[2]) && n - Number(range[1]) < 40; n++) out.push(String(n));
      } else if (/^\d+$/.test(part)) out.push(String(Number(part)));
    }
  }
  return out;
}

const VERB_START = /\s+(?:chu tri|phoi hop|co trach nhiem|thuc hien|can cu|tham muu|theo doi|chiu trach nhiem)\b/;

function splitAgency(text: string, folded: string): { agency: string; inlineTask: string | null } {
  let t = text.trim();
  let f = folded.trim();
  const prefix = /^de nghi\s+/.exec(f);
  if (prefix) {
    t = t.slice(prefix[0].length);
    f = f.slice(prefix[0].length);
  }
  const cut = /;|\s+trong pham vi|\s+can cu/.exec(f);
  if (cut && cut.index > 3 && cut.index < t.length && t.indexOf(':') < 0) {
    return { agency: t.slice(0, cut.index).trim(), inlineTask: t.slice(cut.index).replace(/^[;\s]+/, '') || null };
  }
  const colon = t.indexOf(':');
  if (colon > 0 && colon < 120) {
    const rest = t.slice(colon + 1).trim();
    return { agency: t.slice(0, colon).trim(), inlineTask: rest || null };
  }
  const verb = VERB_START.exec(f);
  if (verb && verb.index > 3 && verb.index < 100) {
    return { agency: t.slice(0, verb.index).trim(), inlineTask: t.slice(verb.index).trim() };
  }
  return { agency: t.replace(/[.;]$/, ''), inlineTask: null };
}

const SECTORS: [RegExp, string][] = [
  [/lao dong|ldtbxh|ld-tb|chinh sach - xa hoi/, 'labour_social'],
  [/giao duc/, 'education'],
  [/y te/, 'health'],
  [/tu phap/, 'justice'],
  [/cong an/, 'police'],
  [/van hoa/, 'culture'],
  [/du lich/, 'tourism'],
  [/thong tin|truyen thong|truyen thanh|truyen hinh/, 'information'],
  [/tai chinh/, 'finance'],
  [/ke hoach va dau tu/, 'planning_investment'],
  [/dan toc/, 'ethnic_affairs'],
  [/mat tran|doan thanh nien|tinh doan|huyen doan|phu nu|hoi /, 'mass_organisation'],
  [/uy ban nhan dan|ubnd/, 'committee'],
  [/noi vu/, 'home_affairs'],
];

export function sectorOf(agency: string): string | null {
  const f = agency.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  for (const [re, sector] of SECTORS) if (re.test(f)) return sector;
  return null;
}
