import { useEffect } from 'react';
import { navigate, useRoute } from '../../lib/router.ts';
import { useSession } from '../../lib/session.ts';
import { SignInForm } from '../../components/SignInForm.tsx';
import { Loading } from '../../components/Loading.tsx';

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/sign-in')) return '/';
  return next;
}

/**
 * /sign-in: signed out, the shell shows the one sign-in form in place (SignInForm); this page is only rendered once a
 * session exists (just signed in there, or opened while signed in), so it moves on to ?next= or home — never a second form.
 */
export default function SignInPage() {
  const route = useRoute();
  const session = useSession();
  const next = safeNext(route.query.get('next'));
  useEffect(() => {
    if (session.status === 'signed-in' || session.status === 'dev') navigate(session.user?.mustChangePassword ? '/account' : next, { replace: true });
  }, [session.status, next, session.user?.mustChangePassword]);
  if (session.status === 'signed-out') return <SignInForm />;
  return <Loading />;
}
