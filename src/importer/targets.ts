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

const NON_TARGET_AFTER = /^\s*(?:tuoi|thang|loai|ngay|lan|gio|nam\b|nguoi\/|cuoc thanh tra|cuoc kiem tra|trieu|dong|ty\b|\.0\b)/;
const COUNT_NOUN = /^\s*(?:xa|phuong|thi tran|don vi|co so|truong|huyen|cuoc|ban|nhom|diem|thon|ho|mo hinh|tre em|tre|nguoi|lop)\b/;
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
    const value = readValue(clause, m.index, tok, before, defaults, lastExplicit, sawValue, baseline, ctx);
    if (value === 'skip') continue;
    if (value) {
      TOKEN_RE.lastIndex = value.end - clause.start;
      prevEnd = TOKEN_RE.lastIndex;
      if (value.explicit) lastExplicit = value.comparator;
      sawValue = true;
      pending.push(value);
    }
  }
  if (pending.length > 0) {
    if (lastYear !== null) {
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
  const countNoun = !unit && COUNT_NOUN.test(after);
  if (countNoun) unit = 'count';
  const cmp = comparatorBefore(prefix);
  const beforeYear = /^\s*(?:vao|den|trong)\s+nam/.test(after);
  const afterAnd = sawValue && /\bva\s*(?:giam\s*|tang\s*|xuong\s*)?$/.test(prefix);
  if (!unit && !cmp && !beforeYear && !afterAnd) return null;
  if (unit === 'count' && !cmp && !beforeYear) return null;
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
  if (comparator === null && afterAnd && lastExplicit) {
    comparator = lastExplicit === '>' && unit === 'percent' && parsed.value >= 100 ? '>=' : lastExplicit;
  }
  if (NON_TARGET_AFTER.test(after)) return null;
  if (unit === 'percent' && comparator === '>' && (parsed.value >= 100 || (valueMax ?? 0) >= 100)) comparator = '>=';
  const relative = relativeOf(f, f.slice(0, index), after, parsed.value, valueMax, unit, baseline);
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

function relativeOf(f: string, beforeAll: string, after: string, value: number, valueMax: number | null, unit: MeasureUnit | null, baseline: number | null): RelativeTarget | null {
  const perYear = /^\s*(?:%\s*)?(?:\/\s*nam|moi nam|hang nam|mot nam)/.test(after);
  if (!perYear && baseline === null) return null;
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
  if (/(?:nong thon)/.test(window)) return 'rural';
  if (/(?:thanh thi|do thi)/.test(window)) return 'urban';
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
  return targets.map((t) => {
    if (t.comparator === 'maintain' && t.value === null) {
      const prev = last.get(`${t.measure}|${t.group ?? ''}`);
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
    const key = `${t.measure}|${t.year}|${t.comparator}|${t.value}|${t.valueMax}|${t.group}|${t.unit}|${JSON.stringify(t.relative)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  for (const t of out) delete (t as { _drop?: boolean })._drop;
  return out;
}
