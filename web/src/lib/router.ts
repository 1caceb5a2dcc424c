/**
 * A tiny History-API router.
 *   navigate('/plans/3')            push a new entry (replace: true to replace)
 *   const { path, query } = useRoute()
 *   <Link to="/plans/3">…</Link>     a real <a href> that navigates without reloading
 *   matchPath('/plans/:id', '/plans/3') → { id: '3' }
 */
import { createElement, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function snapshot(): string {
  return typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!options.replace) window.scrollTo(0, 0);
  notify();
}

export interface Route {
  /** the path without the query, e.g. "/plans/3" */
  path: string;
  /** the query parameters */
  query: URLSearchParams;
  /** path + query */
  href: string;
}

export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const q = href.indexOf('?');
  return { href, path: q >= 0 ? href.slice(0, q) : href, query: new URLSearchParams(q >= 0 ? href.slice(q) : '') };
}

/** Sets query parameters on the current path (replacing the history entry): filters survive reloads. */
export function setQuery(params: Record<string, string | number | null | undefined>): void {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  navigate(url.pathname + url.search, { replace: true });
}

/** Matches '/plans/:id' against '/plans/3' → { id: '3' }; null when it does not match. A trailing '*' matches the rest. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    if (part === '*') {
      params['*'] = s.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= s.length) return null;
    if (part.startsWith(':')) params[part.slice(1)] = safeDecode(s[i]);
    else if (part !== s[i]) return null;
  }
  return p.length === s.length ? params : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean; children?: ReactNode };

export function Link({ to, replace, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target === '_blank') return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return createElement('a', { ...rest, href: to, onClick: handle }, children);
}
