import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { completeSignIn } from '../auth/oauth';
import { useI18n } from '../i18n/i18n';
import { Loading } from '../components/states';
import { navigate } from '../router';
import { SignInPage } from './sign-in-page';

/** Where the OAuth server sends the browser back: exchange the code, then go where the person was going. */
export function CallbackPage({ search }: { search: string }) {
  const { t } = useI18n();
  const { signedIn } = useAuth();
  const [error, setError] = useState<string>();
  // The code is single-use: React's development double effects must not spend it twice.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn(search)
      .then(({ session, returnTo }) => {
        signedIn(session);
        navigate(returnTo, true);
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        setError(message === 'state' ? t('signIn.stateMismatch') : message);
      });
  }, [search, signedIn, t]);
  return error ? <SignInPage error={error} /> : <Loading>{t('signIn.working')}</Loading>;
}
