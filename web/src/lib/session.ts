/**
 * Who is using the app: GET /api/session →
 *   { user: { id, username, displayName, mustChangePassword }, grants: [{ role, unitId, agencyId, permissions, unitIds }], permissions }
 * A 401 means signed out (the shell then shows the sign-in form; /sign-in is also a page). The server is the authority and checks
 * every request; can() only decides what to show: a grant carrying the permission whose units
 * ('all' or the ids of its subtree, merged units included) contain the unit asked about.
 */
import { useSyncExternalStore } from 'react';
import { api, ApiError } from './api.ts';
import { navigate } from './router.ts';

export interface Grant {
  id?: number;
  role: string;
  unitId: number | null;
  agencyId?: number | null;
  unitName?: string | null;
  agencyName?: string | null;
  /** permissions the grant carries */
  permissions?: string[];
  /** units the grant covers: 'all' (national) or ids (subtree and merged predecessors) */
  unitIds?: 'all' | number[];
}

export interface SessionUser {
  id?: number | null;
  username: string;
  displayName: string;
  mustChangePassword?: boolean;
  grants: Grant[];
  /** all permissions of the user */
  permissions?: string[];
  via?: string;
}

export interface SessionState {
  status: 'loading' | 'signed-in' | 'signed-out' | 'dev';
  user: SessionUser | null;
}

export interface Session extends SessionState {
  can: (permission: string, unitId?: number | null) => boolean;
  refresh: () => Promise<void>;
  signOut: (everywhere?: boolean) => Promise<void>;
}

export const SIGN_IN_PATH = '/sign-in';
export const PASSWORD_PATH = '/account';

let state: SessionState = { status: 'loading', user: null };
let started = false;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  listeners.forEach((l) => l());
}

interface SessionBody {
  user?: { id?: number | null; username: string; displayName?: string | null; mustChangePassword?: boolean } | null;
  grants?: Grant[];
  permissions?: string[];
  via?: string;
}

export function userFromBody(body: SessionBody | null | undefined): SessionUser | null {
  if (!body?.user) return null;
  return {
    id: body.user.id ?? null,
    username: body.user.username,
    displayName: body.user.displayName ?? body.user.username,
    mustChangePassword: body.user.mustChangePassword ?? false,
    grants: body.grants ?? [],
    permissions: body.permissions ?? [],
    via: body.via,
  };
}

function currentPath(): string {
  return typeof location === 'undefined' ? '/' : location.pathname;
}

export async function refreshSession(): Promise<void> {
  started = true;
  try {
    const user = userFromBody(await api.get<SessionBody>('/api/session'));
    set(user ? { status: 'signed-in', user } : { status: 'signed-out', user: null });
    if (user?.mustChangePassword && currentPath() !== PASSWORD_PATH) navigate(PASSWORD_PATH, { replace: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set({ status: 'signed-out', user: null }); // the shell shows the sign-in form in place
    else if (e instanceof ApiError && e.status === 403 && e.code === 'password_change_required') {
      set({ status: 'signed-in', user: state.user });
      navigate(PASSWORD_PATH, { replace: true });
    } else if (e instanceof ApiError && e.status === 404) set({ status: 'dev', user: null });
    else set({ status: 'signed-out', user: null });
  }
}

/** Signs in (POST /api/session sets the session and CSRF cookies) and takes the answer as the session. */
export async function signIn(username: string, password: string): Promise<void> {
  const body = await api.post<SessionBody>('/api/session', { username, password });
  acceptSignIn(body);
  if (body.user?.mustChangePassword) navigate(PASSWORD_PATH, { replace: true });
  else await refreshSession(); // per-grant units for can()
}

/** After POST /api/session answered: take its body as the session. */
export function acceptSignIn(body: SessionBody): void {
  const user = userFromBody(body);
  set(user ? { status: 'signed-in', user } : { status: 'signed-out', user: null });
}

export async function signOut(everywhere = false): Promise<void> {
  try {
    if (everywhere) await api.post('/api/session/logout-all');
    else await api.delete('/api/session');
  } finally {
    set({ status: 'signed-out', user: null });
    navigate(SIGN_IN_PATH);
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) void refreshSession();
  return () => listeners.delete(listener);
}

const getState = () => state;

/** Mirrors the server's check (src/domain/access.ts) with what GET /api/session sent. */
export function canWith(s: SessionState, permission: string, unitId?: number | null): boolean {
  if (s.status === 'dev') return true;
  if (s.status !== 'signed-in' || !s.user) return false;
  const user = s.user;
  if (user.mustChangePassword) return false;
  return user.grants.some((g) => {
    const carries = g.permissions ? g.permissions.includes(permission) : (user.permissions?.includes(permission) ?? false);
    if (!carries) return false;
    if (unitId === undefined || unitId === null) return true;
    if (g.unitId === null || g.unitIds === 'all') return true;
    return g.unitIds ? g.unitIds.includes(unitId) : g.unitId === unitId;
  });
}

export function useSession(): Session {
  const s = useSyncExternalStore(subscribe, getState, getState);
  return { ...s, can: (permission, unitId) => canWith(s, permission, unitId), refresh: refreshSession, signOut };
}
