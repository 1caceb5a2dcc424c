/**
 * Administrative units as the web app uses them. The units API is tolerant here: it may send
 * camelCase or snake_case, a bare array or { items | units | nodes }, nested children or one level.
 */
import { useEffect, useState } from 'react';
import { api, qs } from './api.ts';

export interface UnitNode {
  id: number;
  code: string | null;
  name: string;
  fullName: string | null;
  kind: string | null;
  level: string;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  /** null = unknown (ask the server when expanded) */
  hasChildren: boolean | null;
  /** children when the server sent them nested */
  children: UnitNode[] | null;
  predecessors: UnitRef[];
  successors: UnitRef[];
}

export interface UnitRef {
  id: number;
  name: string;
  level?: string | null;
  effectiveDate?: string | null;
  kind?: string | null;
}

type Raw = Record<string, any>;

export function listOf(body: unknown): Raw[] {
  if (Array.isArray(body)) return body as Raw[];
  if (body && typeof body === 'object') {
    const b = body as Raw;
    for (const key of ['items', 'units', 'nodes', 'children', 'data', 'roots', 'tree']) if (Array.isArray(b[key])) return b[key] as Raw[];
  }
  return [];
}

function refs(value: unknown): UnitRef[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((r: Raw) => ({
      id: Number(r.id ?? r.unitId ?? r.successorId ?? r.predecessorId ?? r.successor_id ?? r.predecessor_id),
      name: String(r.name ?? r.fullName ?? r.unitName ?? r.successorName ?? r.predecessorName ?? ''),
      level: r.level ?? null,
      effectiveDate: r.effectiveDate ?? r.effective_date ?? null,
      kind: r.succession ?? r.successionKind ?? r.kind ?? null,
    }))
    .filter((r) => Number.isFinite(r.id));
}

export function normUnit(r: Raw): UnitNode {
  const children = Array.isArray(r.children) ? (r.children as Raw[]).map(normUnit) : null;
  const count = r.childCount ?? r.child_count ?? r.childrenCount ?? null;
  const hasChildren =
    typeof r.hasChildren === 'boolean' ? r.hasChildren
    : typeof r.has_children === 'boolean' ? r.has_children
    : typeof count === 'number' ? count > 0
    : children ? children.length > 0
    : r.level === 'village' ? false
    : null;
  return {
    id: Number(r.id),
    code: r.code ?? null,
    name: String(r.name ?? r.fullName ?? r.full_name ?? ''),
    fullName: r.fullName ?? r.full_name ?? null,
    kind: r.kind ?? null,
    level: String(r.level ?? ''),
    parentId: r.parentId ?? r.parent_id ?? null,
    validFrom: r.validFrom ?? r.valid_from ?? null,
    validTo: r.validTo ?? r.valid_to ?? null,
    hasChildren,
    children,
    predecessors: refs(r.predecessors),
    successors: refs(r.successors),
  };
}

/** Units directly under parentId (roots when null) effective on `at` ('YYYY-MM-DD'). */
export async function fetchChildren(parentId: number | null, at: string | null): Promise<UnitNode[]> {
  const body = await api.get<unknown>(`/api/units/tree${qs({ parentId: parentId ?? undefined, at: at ?? undefined })}`);
  let nodes = listOf(body).map(normUnit);
  if (parentId === null) {
    // a single national root: show its children directly
    if (nodes.length === 1 && nodes[0].level === 'nation') {
      const root = nodes[0];
      nodes = root.children ?? (await fetchChildren(root.id, at));
    }
  } else if (nodes.length === 1 && nodes[0].id === parentId) {
    // the server answered with the parent itself and its children nested
    nodes = nodes[0].children ?? [];
  }
  return nodes;
}

/**
 * The units directly under a parent (roots when null) on a date, loaded when the component shows:
 * what the tree page, the unit picker and the unit page all need. `retry()` after an error.
 */
export function useUnitChildren(parentId: number | null, at: string | null, enabled = true): { nodes: UnitNode[] | null; error: unknown; retry: () => void } {
  const [nodes, setNodes] = useState<UnitNode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setNodes(null);
    setError(null);
    if (!enabled) return;
    fetchChildren(parentId, at)
      .then((n) => live && setNodes(n))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [parentId, at, tick, enabled]);
  return { nodes, error, retry: () => setTick((n) => n + 1) };
}

export async function fetchUnit(id: number): Promise<UnitNode> {
  const body = await api.get<Raw>(`/api/units/${id}`);
  return normUnit((body && (body.unit ?? body)) as Raw);
}

/** The kind of a unit as shown beside it: "Thành phố" for Hà Nội (a city under central authority), "Tỉnh" for Thanh Hóa, "Phường", "Xã", "Đặc khu"… */
const KIND_LABELS: Record<string, [string, string]> = {
  'thành phố': ['Thành phố', 'City'],
  tỉnh: ['Tỉnh', 'Province'],
  quận: ['Quận', 'Urban district'],
  huyện: ['Huyện', 'District'],
  'thị xã': ['Thị xã', 'Town'],
  phường: ['Phường', 'Ward'],
  xã: ['Xã', 'Commune'],
  'thị trấn': ['Thị trấn', 'Township'],
  'đặc khu': ['Đặc khu', 'Special zone'],
};

/**
 * The label beside a unit: its own kind when known (a city under central authority is "Thành phố",
 * never "Tỉnh"; wards, communes and special zones keep theirs), else its level.
 */
export function unitLevelLabel(level: string, lang: 'vi' | 'en', kind?: string | null): string {
  const k = kind ? KIND_LABELS[kind.normalize('NFC').toLocaleLowerCase('vi')] : undefined;
  if (k) return lang === 'en' ? k[1] : k[0];
  const labels: Record<string, [string, string]> = {
    nation: ['Quốc gia', 'Nation'],
    province: ['Tỉnh', 'Province'],
    district: ['Huyện', 'District'],
    commune: ['Xã', 'Commune'],
    village: ['Thôn', 'Village'],
  };
  const l = labels[level];
  return l ? (lang === 'en' ? l[1] : l[0]) : level;
}

/** Today as 'YYYY-MM-DD' (local). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
