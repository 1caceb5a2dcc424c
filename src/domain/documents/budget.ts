/** Budget tables: activities × years × funding sources, with row, column and grand totals. */
import type { BudgetLine, BudgetSource, BudgetTable } from './types.ts';

export const DEFAULT_BUDGET_SOURCES: BudgetSource[] = [
  { key: 'local', label: 'Địa phương' },
  { key: 'mobilised', label: 'huy động, xã hội hóa' },
];

/** Builds the table from flat budget lines (as stored); years span periodFrom..periodTo when given. */
export function budgetFromLines(lines: BudgetLine[], options: { periodFrom?: number | null; periodTo?: number | null; sources?: BudgetSource[]; statedTotal?: number | null; title?: string | null } = {}): BudgetTable {
  const years = new Set<number>();
  if (options.periodFrom && options.periodTo) for (let y = options.periodFrom; y <= options.periodTo; y++) years.add(y);
  for (const l of lines) years.add(l.year);
  const sources = [...(options.sources ?? DEFAULT_BUDGET_SOURCES)];
  for (const l of lines) if (!sources.some((s) => s.key === l.source)) sources.push({ key: l.source, label: l.source });
  const activities: BudgetTable['activities'] = [];
  const index = new Map<string, BudgetTable['activities'][number]>();
  for (const l of lines) {
    const key = `${l.activityNo ?? ''}\u0000${l.activity}`;
    let a = index.get(key);
    if (!a) {
      a = { no: l.activityNo, name: l.activity, amounts: {} };
      index.set(key, a);
      activities.push(a);
    }
    const y = (a.amounts[l.year] ??= {});
    y[l.source] = (y[l.source] ?? 0) + l.amount;
  }
  return { title: options.title ?? null, years: [...years].sort((a, b) => a - b), sources, activities, statedTotal: options.statedTotal ?? null };
}

export const amountOf = (b: BudgetTable, activity: number, year: number, source: string): number => b.activities[activity]?.amounts[year]?.[source] ?? 0;

export function activityTotal(b: BudgetTable, activity: number, source?: string): number {
  let sum = 0;
  for (const y of b.years) for (const s of b.sources) if (!source || s.key === source) sum += amountOf(b, activity, y, s.key);
  return round(sum);
}

export function yearTotal(b: BudgetTable, year: number, source: string): number {
  return round(b.activities.reduce((sum, _a, i) => sum + amountOf(b, i, year, source), 0));
}

export function sourceTotal(b: BudgetTable, source: string): number {
  return round(b.activities.reduce((sum, _a, i) => sum + activityTotal(b, i, source), 0));
}

export function grandTotal(b: BudgetTable): number {
  return round(b.sources.reduce((sum, s) => sum + sourceTotal(b, s.key), 0));
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;
