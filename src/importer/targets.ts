/**
 * Targets inside one indicator's text. The text is cut into clauses (by ";" and
 * sub-bullets); each clause is scanned left to right for values, years, "duy trì"
 * and "không có", and every value is paired with the year(s) that follow it.
 */
import type { Comparator, Direction, IndicatorDefinition, MeasureUnit, RelativeTarget } from '../domain/model.ts';
import { pickMeasure } from './catalogue-match.ts';
import { parseVietnameseNumber } from './numbers.ts';
import type { ImportedTarget } from './types.ts';

export interface Clause {
  start: number;
  text: string;
  folded: string;
}

export interface TargetContext {
  key: string;
  catalogue: IndicatorDefinition | null;
  defaultYear: number | null;
  defaultYearReason: 'header' | 'period_end';
  warnings: string[];
}

interface Pending {
  comparator: Comparator | null;
  explicit: boolean;
  value: number | null;
  valueMax: number | null;
  unit: MeasureUnit | null;
  base: string | null;
  group: string | null;
  relative: RelativeTarget | null;
  start: number;
  end: number;
}

const TOKEN_RE = /(?:(?:vao|den|trong|cuoi|tu)\s+)?nam\s+((?:19|20)\d\d)\b|duy tri|khong (?:con )?co\b|\d+(?:[.,]\d+)*/g;

const NON_TARGET_AFTER = /^\s*(?:tuoi|thang|loai|ngay|lan|gio|nam\b|nguoi\/|cuoc thanh tra|cuoc kiem tra|trieu|dong|ty\b|\.0\b|gram|gam\b|kg\b|g\b|cm\b|km\b|m2\b|km2\b|ha\b)/;
const COUNT_NOUN = /^\s*(?:xa|phuong|thi tran|don vi|co so|truong|huyen|cuoc|ban|nhom|diem|thon|ho|mo hinh|tre em|tre|nguoi|lop|ngoi nha|gia dinh|hoc sinh|can bo|cong tac vien)\b/;
const REF_BEFORE = /(?:so|nghi dinh|quyet dinh|thong tu|chi thi|chi tieu|muc tieu|cach mang|luat|dieu|khoan)\s*$/;

export function extractTargets(clauses: Clause[], ctx: TargetContext): ImportedTarget[] {
  const targets: ImportedTarget[] = [];
  let measure = ctx.catalogue ? ctx.catalogue.measures[0] : null;
  for (const clause of clauses) {
    if (ctx.catalogue) measure = pickMeasure(clause.folded, ctx.catalogue) ?? measure;
    const code = measure?.code ?? ctx.key;
    const direction: Direction = measure?.direction ?? (/\bgiam\b/.test(clause.folded) ? 'decrease' : 'increase');
    const defaults = { unit: measure?.unit ?? null, base: measure?.base ?? null, direction };
    scanClause(clause, defaults, ctx, (t) => targets.push({ ...t, measure: code }));
  }
  return dedupe(fillMaintainValues(targets));
}

type Emit = (t: Omit<ImportedTarget, 'measure'>) => void;

function scanClause(clause: Clause, defaults: { unit: MeasureUnit | null; base: string | null; direction: Direction }, ctx: TargetContext, emit: Emit): void {
  const f = clause.folded;
  const baseline = findBaseline(f);
  const unitHint = findUnitHint(f);
  let pending: Pending[] = [];
  let lastAssigned: Pending[] = [];
  let lastYearEnd = -1;
  let lastYear: number | null = null;
  let lastExplicit: Comparator | null = null;
  let prevEnd = 0;
  let sawValue = false;
  // "năm 2025 xuống còn 500/100.000 trẻ em và 450/100.000 vào năm 2030": a year written before any value is the first value's
  let yearFirst: number | null = null;
  let lastRelative = false;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(f)) !== null) {
    const tok = m[0];
    const before = f.slice(prevEnd, m.index);
    if (m[1]) {
      const year = Number(m[1]);
      if (baseline === year && /so voi/.test(f.slice(0, m.index)) && !/(?:vao|den)\s+nam/.test(tok)) {
        prevEnd = m.index + tok.length;
        continue;
      }
      if (pending.length > 0) {
        for (const p of pending) emitPending(p, year, false, defaults, unitHint, emit);
        lastAssigned = pending;
        pending = [];
      } else if (!sawValue && /^(?:nam|trong nam)\s/.test(tok)) {
        yearFirst = year;
      } else if (lastAssigned.length > 0 && lastYearEnd >= 0 && /^\s*(?:,|va|den|-|–|va den)?\s*$/.test(f.slice(lastYearEnd, m.index).replace(/\bnam\b/g, ''))) {
        for (const p of lastAssigned) emitPending(p, year, false, defaults, unitHint, emit);
      }
      lastYear = year;
      lastYearEnd = m.index + tok.length;
      prevEnd = lastYearEnd;
      continue;
    }
    if (tok === 'duy tri') {
      const after = f.slice(m.index + tok.length, m.index + tok.length + 25);
      if (/^\s*(?:,|\.|$|den nam|on dinh|trong|cho den)/.test(after) || /^\s*(?:den|toi)\s/.test(after)) {
        pending.push(blank('maintain', m.index, m.index + tok.length));
        prevEnd = m.index + tok.length;
      }
      continue;
    }
    if (tok.startsWith('khong')) {
      const after = f.slice(m.index + tok.length, m.index + tok.length + 30);
      if (!/^\s*(?:\d|duoi|qua|it hon)/.test(after)) {
        pending.push(blank('zero', m.index, m.index + tok.length));
        prevEnd = m.index + tok.length;
      }
      continue;
    }
    const value = readValue(clause, m.index, tok, before, defaults, lastExplicit, sawValue, baseline, ctx, lastRelative);
    if (value === 'skip') continue;
    if (value) {
      TOKEN_RE.lastIndex = value.end - clause.start;
      prevEnd = TOKEN_RE.lastIndex;
      if (value.explicit) lastExplicit = value.comparator;
      lastRelative = value.relative !== null;
      sawValue = true;
      if (yearFirst !== null && !/^\s*(?:%\s*)?(?:(?!va\b)[^\d\s]+\s+){0,6}?(?:vao|den|trong)\s+nam\s+(?:19|20)\d\d/.test(f.slice(value.end - clause.start, value.end - clause.start + 60))) {
        emitPending(value, yearFirst, false, defaults, unitHint, emit);
        lastAssigned = [value];
        yearFirst = null;
        continue;
      }
      yearFirst = null;
      pending.push(value);
    }
  }
  if (pending.length > 0) {
    // "… 12,5‰ vào năm 2025 và 10‰ và[o năm …]" (cut): the year written was the earlier value's, not this one's
    if (lastYear !== null && lastYearEnd >= 0 && pending.every((p) => p.start - clause.start > lastYearEnd) && lastAssigned.length > 0 && ctx.defaultYear !== null) {
      for (const p of pending) emitPending(p, ctx.defaultYear, true, defaults, unitHint, emit);
    } else if (lastYear !== null) {
      for (const p of pending) emitPending(p, lastYear, false, defaults, unitHint, emit);
    } else if (ctx.defaultYear !== null) {
      for (const p of pending) emitPending(p, ctx.defaultYear, true, defaults, unitHint, emit);
      if (ctx.defaultYearReason === 'period_end') {
        ctx.warnings.push(`Chỉ tiêu ${ctx.key}: không ghi năm, lấy năm cuối giai đoạn ${ctx.defaultYear} / no year given, using the period's end`);
      }
    }
  }
}

function blank(comparator: Comparator, start: number, end: number): Pending {
  return { comparator, explicit: true, value: null, valueMax: null, unit: null, base: null, group: null, relative: null, start, end };
}

function findBaseline(f: string): number | null {
  const m = /so voi[^;]{0,80}?nam\s+((?:19|20)\d\d)/.exec(f);
  return m ? Number(m[1]) : null;
}

function findUnitHint(f: string): { unit: MeasureUnit; base: string } | null {
  const m = /(?:tren|\/)\s*(1\.000|10\.000|100\.000)\s*(tre de song|tre em|tre)/.exec(f);
  if (!m) return null;
  const unit: MeasureUnit = m[1] === '1.000' ? 'per_1000' : m[1] === '10.000' ? 'per_10000' : 'per_100000';
  return { unit, base: m[2] === 'tre de song' ? 'trẻ đẻ sống' : 'trẻ em' };
}

function readValue(
  clause: Clause,
  index: number,
  tok: string,
  before: string,
  defaults: { direction: Direction },
  lastExplicit: Comparator | null,
  sawValue: boolean,
  baseline: number | null,
  ctx: TargetContext,
  lastRelative = false,
): Pending | null | 'skip' {
  const f = clause.folded;
  let end = index + tok.length;
  const rest = f.slice(end, end + 40);
  const prefix = before.slice(-40);
  if (/[\/-]$/.test(f.slice(Math.max(0, index - 1), index)) && !/\s[-–]$/.test(f.slice(Math.max(0, index - 2), index))) return null;
  if (/^\s*\/\s*\d/.test(rest) && !/^\s*\/\s*(?:1\.000|10\.000|100\.000)\b/.test(rest)) return null;
  if (/^(?:1\.000|10\.000|100\.000)$/.test(tok) && /^\s*(?:tre|nguoi)/.test(rest) && /(?:tren|\/)\s*$/.test(f.slice(0, index))) return null;
  if (NON_TARGET_AFTER.test(rest) || REF_BEFORE.test(prefix)) return null;
  if (/^(?:19|20)\d\d$/.test(tok)) return null;
  const parsed = parseVietnameseNumber(tok);
  if (!parsed) return null;
  let unit: MeasureUnit | null = null;
  let base: string | null = null;
  let after = rest;
  const unitMatch = /^\s*(%|phan tram|‰|phan nghin|\/\s*(1\.000|10\.000|100\.000)(?:\s*(tre de song|tre em))?)/.exec(rest);
  if (unitMatch) {
    const u = unitMatch[1];
    if (u === '%' || u === 'phan tram') unit = 'percent';
    else if (u === '‰' || u === 'phan nghin') unit = 'per_1000';
    else unit = unitMatch[2] === '1.000' ? 'per_1000' : unitMatch[2] === '10.000' ? 'per_10000' : 'per_100000';
    if (unitMatch[3]) base = unitMatch[3] === 'tre de song' ? 'trẻ đẻ sống' : 'trẻ em';
    end += unitMatch[0].length;
    after = f.slice(end, end + 40);
  }
  // "giảm 5-10%": a range whose unit is written after its second number
  const rangeUnit = !unit ? /^\s*(?:-|–)\s*\d+(?:[.,]\d+)*\s*(%|‰)/.exec(rest) : null;
  if (rangeUnit) unit = rangeUnit[1] === '%' ? 'percent' : 'per_1000';
  const countNoun = !unit && COUNT_NOUN.test(after);
  if (countNoun) unit = 'count';
  const cmp = comparatorBefore(prefix);
  const beforeYear = /^\s*(?:vao|den|trong)\s+nam/.test(after);
  const afterAnd = sawValue && /\bva\s*(?:giam\s*|tang\s*|xuong\s*)?$/.test(prefix);
  // "- 70.000 ngôi nhà … đạt tiêu chí …": a count that opens a bullet or clause is its target
  const opensClause = /^[\s(]*$/.test(f.slice(0, index)) && unit === 'count' && /\b(?:dat|duoc|co|tham gia|biet)\b/.test(f.slice(end, end + 200));
  // "xuống dưới 10% (khu vực nội thành), 5% (khu vực ngoại thành)": a value listed after a comma keeps the comparator
  const listed = sawValue && lastExplicit !== null && /^\s*(?:\([^)]{0,60}\)\s*)?[,;]\s*$/.test(before);
  if (!unit && !cmp && !beforeYear && !afterAnd && !listed) return null;
  if (unit === 'count' && !cmp && !beforeYear && !opensClause) return null;
  if (/(?:giam|tang)\s+tu\s*$/.test(prefix) && !/^\s*%?\s*(?:den|-|–)/.test(after) && !/tro len/.test(after.slice(0, 25))) return 'skip';
  if (parsed.warning) ctx.warnings.push(`Chỉ tiêu ${ctx.key}: ${parsed.warning}`);
  let comparator: Comparator | null = cmp?.comparator ?? null;
  let explicit = cmp?.explicit ?? false;
  let valueMax: number | null = null;
  const range = /^\s*(?:%\s*)?(?:den|-|–)\s*(\d+(?:[.,]\d+)*)\s*(%|‰)?/.exec(after);
  if (range && (cmp?.word === 'tu' || /^\s*(?:-|–)/.test(after))) {
    const max = parseVietnameseNumber(range[1]);
    if (max) {
      valueMax = max.value;
      comparator = 'range';
      explicit = true;
      if (range[2] && !unit) unit = range[2] === '%' ? 'percent' : 'per_1000';
      end += range[0].length;
      after = f.slice(end, end + 40);
      if (!unit && COUNT_NOUN.test(after)) unit = 'count';
    }
  }
  if (comparator === null && (afterAnd || listed) && lastExplicit) {
    comparator = lastExplicit === '>' && unit === 'percent' && parsed.value >= 100 ? '>=' : lastExplicit;
  }
  if (NON_TARGET_AFTER.test(after)) return null;
  if (unit === 'percent' && comparator === '>' && (parsed.value >= 100 || (valueMax ?? 0) >= 100)) comparator = '>=';
  const relative = relativeOf(f, f.slice(0, index), after, parsed.value, valueMax, unit, baseline, (afterAnd || listed) && lastRelative);
  if (relative) {
    return { comparator: relative.change === 'decrease' ? '<=' : '>=', explicit: true, value: null, valueMax: null, unit, base, group: null, relative, start: clause.start + index, end: clause.start + end };
  }
  if (comparator === null) comparator = byDirection(defaults.direction);
  if (comparator === 'maintain' && parsed.value === null) comparator = 'maintain';
  return { comparator, explicit, value: parsed.value, valueMax, unit, base, group: groupAfter(after), relative: null, start: clause.start + index, end: clause.start + end };
}

function byDirection(direction: Direction): Comparator {
  if (direction === 'decrease' || direction === 'eliminate') return '<=';
  if (direction === 'maintain') return 'maintain';
  return '>=';
}

function comparatorBefore(prefix: string): { comparator: Comparator | null; explicit: boolean; word: string } | null {
  const p = prefix.replace(/\s+/g, ' ').trimEnd();
  const rules: [RegExp, Comparator | null, boolean, string][] = [
    [/(?:khong duoi|khong thap hon|khong it hon|it nhat(?: co| la)?|toi thieu(?: la)?)$/, '>=', true, 'min'],
    [/(?:khong qua|khong vuot qua|toi da(?: la)?|khong cao hon)$/, '<=', true, 'max'],
    [/\bduoi$/, '<', true, 'duoi'],
    [/\btren$/, '>', true, 'tren'],
    [/\bduy tri(?: o muc| muc)?$/, 'maintain', true, 'maintain'],
    [/\btu$/, '>=', true, 'tu'],
    [/(?:xuong con|xuong|con|dat|la|bang|o muc|muc|phan dau|chiem|co)$/, null, false, 'verb'],
  ];
  for (const [re, comparator, explicit, word] of rules) if (re.test(p)) return { comparator, explicit, word };
  return null;
}

function relativeOf(f: string, beforeAll: string, after: string, value: number, valueMax: number | null, unit: MeasureUnit | null, baseline: number | null, continues = false): RelativeTarget | null {
  const perYear = /^\s*(?:%\s*)?(?:\/\s*nam|moi nam|hang nam|mot nam)/.test(after) || /\b(?:hang|moi) nam\s+(?:giam|tang)\s*(?:tu\s*)?$/.test(beforeAll);
  // "giảm 10% số trẻ em bị tử vong …": a change of a count, not a level of a rate
  const changeOfCount = unit === 'percent' && (/\b(?:giam|tang)\s*$/.test(beforeAll) || continues) && /^\s*(?:so\b(?!\s*voi)|so\s+tre|luong)/.test(after);
  if (!perYear && baseline === null && !changeOfCount && !continues) return null;
  const verbs = [...beforeAll.matchAll(/\b(giam|tang)\b/g)];
  const verbAll = verbs.length > 0 ? verbs[verbs.length - 1] : /\b(giam|tang)\b/.exec(f);
  if (!verbAll) return null;
  return {
    change: verbAll[1] === 'giam' ? 'decrease' : 'increase',
    by: value,
    byMax: valueMax,
    byUnit: unit === 'count' ? 'count' : 'percent',
    baselineYear: baseline,
    perYear,
  };
}

function groupAfter(after: string): string | null {
  const window = after.split(/\d/)[0];
  if (/(?:nong thon|ngoai thanh)/.test(window)) return 'rural';
  if (/(?:thanh thi|do thi|noi thanh)/.test(window)) return 'urban';
  return null;
}

function emitPending(
  p: Pending,
  year: number,
  inferred: boolean,
  defaults: { unit: MeasureUnit | null; base: string | null },
  hint: { unit: MeasureUnit; base: string } | null,
  emit: Emit,
): void {
  let unit = p.unit ?? hint?.unit ?? defaults.unit ?? 'count';
  if (p.comparator === 'zero' || p.comparator === 'maintain') unit = p.unit ?? hint?.unit ?? defaults.unit ?? 'percent';
  const base = p.base ?? (unit === hint?.unit ? hint.base : null) ?? (unit === defaults.unit ? defaults.base : null) ?? (unit.startsWith('per_') ? 'trẻ em' : null);
  let comparator = p.comparator ?? '>=';
  let value = p.value;
  if (value === 0 && (comparator === '<=' || comparator === '=' || comparator === '<')) {
    comparator = 'zero';
    value = null;
  }
  let relative = p.relative;
  let y = year;
  if (relative && relative.perYear && relative.baselineYear === null) relative = { ...relative };
  emit({ year: y, comparator, value, valueMax: p.valueMax, unit, base, group: p.group, relative, yearInferred: inferred, source: { start: p.start, end: p.end } });
  void y;
}

/** "duy trì đến năm 2030" keeps the previous target's value for the same measure. */
function fillMaintainValues(targets: ImportedTarget[]): ImportedTarget[] {
  const last = new Map<string, ImportedTarget>();
  return targets.flatMap((t): ImportedTarget | ImportedTarget[] => {
    if (t.comparator === 'maintain' && t.value === null) {
      const prev = last.get(`${t.measure}|${t.group ?? ''}`);
      // "dưới 10% (nội thành), 5% (ngoại thành) vào năm 2025 và duy trì đến năm 2030": one per group
      if (!prev && t.group === null) {
        const groups = [...last.entries()].filter(([k]) => k.startsWith(`${t.measure}|`) && !k.endsWith('|')).map(([, v]) => v);
        if (groups.length > 0) return groups.map((g) => ({ ...t, value: g.value, unit: g.unit, base: g.base, group: g.group }));
      }
      if (prev && prev.comparator === 'zero') return { ...t, comparator: 'zero' as const, unit: prev.unit, base: prev.base };
      if (prev) {
        const filled = { ...t, value: prev.value, unit: prev.unit, base: prev.base };
        return filled;
      }
    }
    last.set(`${t.measure}|${t.group ?? ''}`, t);
    return t;
  });
}

/** Per-year relative targets over "từ năm A đến năm B" collapse to one target at B with baseline A. */
function dedupe(targets: ImportedTarget[]): ImportedTarget[] {
  const out: ImportedTarget[] = [];
  const seen = new Set<string>();
  const perYear = targets.filter((t) => t.relative?.perYear);
  for (const t of perYear) {
    const same = perYear.filter((o) => o.measure === t.measure && o.source.start === t.source.start);
    if (same.length > 1) {
      const years = same.map((o) => o.year);
      const first = Math.min(...years);
      const lastYear = Math.max(...years);
      if (t.year !== lastYear) (t as { _drop?: boolean })._drop = true;
      else t.relative = { ...t.relative!, baselineYear: t.relative!.baselineYear ?? first };
    }
  }
  for (const t of targets) {
    if ((t as { _drop?: boolean })._drop) continue;
    // the same target written twice in one place is one; written in two places (two clauses) it is two
    const key = `${t.measure}|${t.year}|${t.comparator}|${t.value}|${t.valueMax}|${t.group}|${t.unit}|${JSON.stringify(t.relative)}${t.value === null ? '' : `|${t.source.start}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  for (const t of out) delete (t as { _drop?: boolean })._drop;
  return out;
}
