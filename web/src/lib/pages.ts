/**
 * Page registration. Every folder web/src/pages/<area>/ has an index.ts exporting
 *   export const pages: PageDef[] = [
 *     { path: '/plans/:id', title: { vi: 'Kế hoạch', en: 'Plan' }, component: lazyPage(() => import('./PlanPage.tsx')),
 *       nav: { vi: 'Kế hoạch', en: 'Plans', order: 20 }, permission: 'plans.read' },
 *   ];
 * The shell discovers them at build time (import.meta.glob), builds the navigation from the
 * entries that have `nav`, and hides pages the signed-in user cannot use (`permission`).
 * Keep index.ts small and load page code lazily with lazyPage() so each page is its own chunk.
 */
import { lazy, type ComponentType } from 'react';
import { matchPath } from './router.ts';

export interface PageProps {
  /** route parameters, e.g. { id: '3' } for '/plans/:id' */
  params: Record<string, string>;
}

export interface PageDef {
  /** route pattern: '/plans', '/plans/:id', '/docs/*' */
  path: string;
  /** shown in the browser tab */
  title: { vi: string; en: string };
  component: ComponentType<PageProps>;
  /** present = shown in the navigation, sorted by order (then by label) */
  nav?: { vi: string; en: string; order?: number };
  /** permission needed (see src/api/access.ts); the page is hidden from the nav without it */
  permission?: string;
  /**
   * the unit the page is about, from its address (e.g. /units/:id): links to it are shown, and the
   * page opened, only when a grant carrying `permission` covers that unit
   */
  unit?: (params: Record<string, string>, query: URLSearchParams) => number | null;
}

/** The unit a page address is about (its `unit`), or null. */
export function unitOfAddress(page: PageDef, params: Record<string, string>, query: URLSearchParams): number | null {
  const id = page.unit?.(params, query) ?? null;
  return id !== null && Number.isInteger(id) && id > 0 ? id : null;
}

/** A component loaded on first use (its module must `export default` the page component). */
export function lazyPage(loader: () => Promise<{ default: ComponentType<PageProps> }>): ComponentType<PageProps> {
  return lazy(loader);
}

type PageModule = { pages?: PageDef[] };

let registry: PageDef[] | null = null;

/** Every registered page (discovered once). */
export function allPages(): PageDef[] {
  if (registry) return registry;
  const modules = import.meta.glob<PageModule>('../pages/*/index.ts', { eager: true });
  const found: PageDef[] = [];
  for (const key of Object.keys(modules).sort()) {
    const defs = modules[key]?.pages;
    if (Array.isArray(defs)) found.push(...defs);
  }
  registry = found;
  return found;
}

/** Pages shown in the navigation, in order. */
export function navPages(pages: PageDef[] = allPages()): PageDef[] {
  return pages
    .filter((p) => p.nav)
    .sort((a, b) => (a.nav!.order ?? 100) - (b.nav!.order ?? 100) || a.nav!.vi.localeCompare(b.nav!.vi, 'vi'));
}

/** Specificity: static segments beat parameters, parameters beat '*'. */
function score(pattern: string): number {
  return pattern
    .split('/')
    .filter(Boolean)
    .reduce((s, part) => s + (part === '*' ? 1 : part.startsWith(':') ? 10 : 100), 0);
}

/** The page for a path and its parameters (most specific pattern wins). */
export function findPage(path: string, pages: PageDef[] = allPages()): { page: PageDef; params: Record<string, string> } | null {
  let best: { page: PageDef; params: Record<string, string>; score: number } | null = null;
  for (const page of pages) {
    const params = matchPath(page.path, path);
    if (!params) continue;
    const s = score(page.path);
    if (!best || s > best.score) best = { page, params, score: s };
  }
  return best ? { page: best.page, params: best.params } : null;
}
