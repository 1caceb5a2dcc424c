/**
 * Administrative units over time: pure functions over unit and succession records.
 * A unit is valid on [validFrom, validTo) — valid_to is the first day it no longer exists.
 * Dates are 'YYYY-MM-DD' strings (compare as strings).
 */

export interface UnitRecord {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface SuccessionRecord {
  predecessorId: number;
  successorId: number;
  effectiveDate: string;
  kind: string;
}

export const LEVEL_RANK: Record<string, number> = { nation: 0, province: 1, district: 2, commune: 3, village: 4 };

export function isValidAt(unit: Pick<UnitRecord, 'validFrom' | 'validTo'>, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date < unit.validTo);
}

/** true when some day of [from, to] (inclusive dates) falls in the unit's validity */
export function overlapsValidity(unit: Pick<UnitRecord, 'validFrom' | 'validTo'>, from: string, to: string): boolean {
  return unit.validFrom <= to && (unit.validTo === null || from < unit.validTo);
}

/** The first and last day a partial date ('2023', '2023-05', '2023-05-18') can mean. */
export function partialDateRange(text: string): { from: string; to: string } {
  const [y, m, d] = text.split('-');
  if (d) return { from: text, to: text };
  if (m) {
    const last = new Date(Date.UTC(+y, +m, 0)).getUTCDate();
    return { from: `${y}-${m}-01`, to: `${y}-${m}-${String(last).padStart(2, '0')}` };
  }
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

export function unitsAt<T extends UnitRecord>(units: T[], date: string): T[] {
  return units.filter((u) => isValidAt(u, date));
}

function indexById<T extends UnitRecord>(units: T[]): Map<number, T> {
  return new Map(units.map((u) => [u.id, u]));
}

/** The parent chain of a unit, nearest first (the unit itself excluded). Stops at cycles. */
export function ancestors<T extends UnitRecord>(units: T[], id: number): T[] {
  const byId = indexById(units);
  const out: T[] = [];
  const seen = new Set<number>([id]);
  let current = byId.get(id);
  while (current && current.parentId !== null && !seen.has(current.parentId)) {
    seen.add(current.parentId);
    const parent = byId.get(current.parentId);
    if (!parent) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/**
 * The ancestors of a unit as they stood on `date`: the parent chain, where an ancestor that no
 * longer (or not yet) exists on that date is replaced by the units covering it then.
 */
export function ancestorsAt<T extends UnitRecord>(units: T[], successions: SuccessionRecord[], id: number, date: string): T[] {
  const out: T[] = [];
  const seen = new Set<number>();
  for (const a of ancestors(units, id)) {
    for (const c of coveringUnitsAt(units, successions, a.id, date)) {
      if (!seen.has(c.id)) {
        seen.add(c.id);
        out.push(c);
      }
    }
  }
  return out;
}

/** Every unit reachable by following successor links (breadth-first, without repeats). */
export function successorChain(successions: SuccessionRecord[], id: number): number[] {
  return follow(successions, id, (s) => s.predecessorId, (s) => s.successorId);
}

/** Every unit reachable by following predecessor links. */
export function predecessorChain(successions: SuccessionRecord[], id: number): number[] {
  return follow(successions, id, (s) => s.successorId, (s) => s.predecessorId);
}

function follow(successions: SuccessionRecord[], id: number, from: (s: SuccessionRecord) => number, to: (s: SuccessionRecord) => number): number[] {
  const out: number[] = [];
  const seen = new Set<number>([id]);
  const queue = [id];
  while (queue.length) {
    const current = queue.shift()!;
    for (const s of successions) {
      if (from(s) === current && !seen.has(to(s))) {
        seen.add(to(s));
        out.push(to(s));
        queue.push(to(s));
      }
    }
  }
  return out;
}

/**
 * Which units, valid on `date`, cover the territory of unit `id`:
 *  - the unit itself if it is valid then;
 *  - if it had ended: its successors (followed until valid ones are found); if it has none,
 *    the units covering its parent (a district abolished in 2025 is covered by its province);
 *  - if it did not exist yet: its predecessors, followed back.
 */
export function coveringUnitsAt<T extends UnitRecord>(units: T[], successions: SuccessionRecord[], id: number, date: string): T[] {
  const byId = indexById(units);
  const result = new Map<number, T>();
  const visit = (unitId: number, seen: Set<number>): void => {
    if (seen.has(unitId)) return;
    seen.add(unitId);
    const unit = byId.get(unitId);
    if (!unit) return;
    if (isValidAt(unit, date)) {
      result.set(unit.id, unit);
      return;
    }
    const forward = date >= (unit.validTo ?? '9999-12-31');
    const next = forward
      ? successions.filter((s) => s.predecessorId === unitId).map((s) => s.successorId)
      : successions.filter((s) => s.successorId === unitId).map((s) => s.predecessorId);
    if (next.length) next.forEach((n) => visit(n, seen));
    else if (forward && unit.parentId !== null) visit(unit.parentId, seen);
  };
  visit(id, new Set());
  return [...result.values()].sort((a, b) => (LEVEL_RANK[a.level] ?? 9) - (LEVEL_RANK[b.level] ?? 9) || a.code.localeCompare(b.code));
}

/** Is `unitId` inside `ancestorId` (or equal to it)? Follows the stored parent chain. */
export function isWithin<T extends UnitRecord>(units: T[], unitId: number, ancestorId: number): boolean {
  return unitId === ancestorId || ancestors(units, unitId).some((a) => a.id === ancestorId);
}

/** Lower-case, without Vietnamese diacritics (đ → d): the key for accent-insensitive search. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Units as a tree (nation → provinces → …) for a set of units (usually those valid at a date). */
export interface UnitTreeNode<T> {
  unit: T;
  children: UnitTreeNode<T>[];
}
export function buildTree<T extends UnitRecord>(units: T[]): UnitTreeNode<T>[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as UnitTreeNode<T>[] }]));
  const roots: UnitTreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId !== null ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitTreeNode<T>[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
