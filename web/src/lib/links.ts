/**
 * Links that show only what the user may open. Every page declares the permission it needs
 * (web/src/lib/pages.ts); `<Link to="/cff/queue">` looks the target page up and, when the signed-in
 * user lacks that permission (src/domain/access.ts mirrored by session.can, from GET /api/session),
 * shows its text without a link — or nothing with `whenDenied="hide"` (buttons, "→" links).
 * `unitId` narrows the check to one unit (a grant must cover it). The server stays the authority.
 * Pages import Link from here; lib/router.ts has the plain one.
 */
import { createElement } from 'react';
import { findPage, unitOfAddress } from './pages.ts';
import { Link as PlainLink, type LinkProps } from './router.ts';
import { useSession, type Session } from './session.ts';

/**
 * May the user open this address: its page's permission, on the unit the address is about (the
 * page's `unit`, or `unitId` when given)? Unknown addresses: yes (the page says "not found").
 */
export function canOpen(session: Pick<Session, 'can'>, to: string, unitId?: number | null): boolean {
  const [path, search = ''] = to.split('#')[0].split('?');
  const found = findPage(path);
  if (!found?.page.permission) return true;
  return session.can(found.page.permission, unitId ?? unitOfAddress(found.page, found.params, new URLSearchParams(search)));
}

/** `canOpen` bound to the current session. */
export function useCanOpen(): (to: string, unitId?: number | null) => boolean {
  const session = useSession();
  return (to, unitId) => canOpen(session, to, unitId);
}

export function Link({ whenDenied = 'text', unitId, ...props }: LinkProps & { whenDenied?: 'text' | 'hide'; unitId?: number | null }) {
  const allowed = useCanOpen()(props.to, unitId);
  if (allowed) return createElement(PlainLink, props);
  if (whenDenied === 'hide') return null;
  return createElement('span', { className: props.className?.includes('btn') ? undefined : props.className }, props.children);
}
