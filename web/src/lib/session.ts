/**
 * Who is using the app: GET /api/session → { user: { id, username, displayName }, grants, permissions }.
 * Until the accounts work lands, the endpoint does not exist (404): the app then runs in "dev" mode
 * where every page is shown (the server still checks every request). A 401 means signed out.
 * The server is the authority; can() only decides what to show.
 */
import { useSyncExternalStore } from 'react';
import { api, ApiError } from './api.ts';

export interface Grant {
  role: string;
  unitId: number | null;
  agencyId?: number | null;
  /** permissions the role carries, when the server sends them */
  permissions?: string[];
}

export interface SessionUser {
  id?: number | null;
  username: string;
  displayName: string;
  grants: Grant[];
  /** all permissions of the user, when the server sends them */
  permissions?: string[];
  /** units in the user's scope (ids, subtrees included), when the server sends them */
  unitIds?: number[];
  mustChangePassword?: boolean;
}

export interface SessionState {
  status: 'loading' | 'signed-in' | 'signed-out' | 'dev';
  user: SessionUser | null;
}

export interface Session extends SessionState {
  can: (permission: string, unitId?: number | null) => boolean;
  refresh: () => Promise<void>;
}

let state: SessionState = { status: 'loading', user: null };
let started = false;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  listeners.forEach((l) => l());
}

export async function refreshSession(): Promise<void> {
  started = true;
  try {
    // { user: {id, username, displayName, mustChangePassword}, via, grants, permissions, csrfToken }
    const body = await api.get<Record<string, any> | null>('/api/session');
    const raw = (body && typeof body === 'object' && 'user' in body ? body.user : body) as Record<string, any> | null;
    if (!raw) return set({ status: 'signed-out', user: null });
    const user: SessionUser = {
      id: raw.id ?? null,
      username: String(raw.username ?? ''),
      displayName: String(raw.displayName ?? raw.username ?? ''),
      grants: (body?.grants ?? raw.grants ?? []) as Grant[],
      permissions: (body?.permissions ?? raw.permissions) as string[] | undefined,
      unitIds: (body?.unitIds ?? raw.unitIds) as number[] | undefined,
      mustChangePassword: Boolean(raw.mustChangePassword),
    };
    set({ status: 'signed-in', user });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) set({ status: 'dev', user: null });
    else if (e instanceof ApiError && e.status === 401) set({ status: 'signed-out', user: null });
    else set({ status: 'dev', user: null });
  }
}

/** Signs in (POST /api/session sets the session and CSRF cookies) and reloads the session. */
export async function signIn(username: string, password: string): Promise<void> {
  await api.post('/api/session', { username, password });
  await refreshSession();
}

/** Signs out (DELETE /api/session). */
export async function signOut(): Promise<void> {
  try {
    await api.delete('/api/session');
  } finally {
    set({ status: 'signed-out', user: null });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) void refreshSession();
  return () => listeners.delete(listener);
}

const getState = () => state;

/** Answers from what the server sent: an admin role, explicit permissions, or a grant carrying the permission. */
export function canWith(s: SessionState, permission: string, unitId?: number | null): boolean {
  if (s.status === 'dev') return true;
  if (s.status === 'loading') return false;
  const user = s.user;
  if (!user) return false;
  if (user.grants.some((g) => g.role === 'system_admin' && g.unitId === null)) return true;
  const inScope = (g: Grant) =>
    unitId === undefined || unitId === null || g.unitId === null || g.unitId === unitId || (user.unitIds?.includes(unitId) ?? true);
  if (user.grants.some((g) => g.permissions?.includes(permission) && inScope(g))) return true;
  if (user.permissions?.includes(permission)) return unitId === undefined || unitId === null || (user.unitIds?.includes(unitId) ?? true);
  return false;
}

export function useSession(): Session {
  const s = useSyncExternalStore(subscribe, getState, getState);
  return { ...s, can: (permission, unitId) => canWith(s, permission, unitId), refresh: refreshSession };
}
