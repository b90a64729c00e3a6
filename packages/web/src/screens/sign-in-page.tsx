import { useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { startSignIn } from '../auth/oauth';
import { useI18n } from '../i18n/i18n';

export function SignInPage({ error }: { error?: string }) {
  const { t, lang } = useI18n();
  const { signedOutReason } = useAuth();
  const [busy, setBusy] = useState(false);
  const returnTo = location.pathname.startsWith('/auth/') ? '/' : `${location.pathname}${location.search}`;
  return (
    <div className="card narrow">
      <h1>{t('signIn.title')}</h1>
      {error && (
        <p className="field-error" role="alert">
          {t('signIn.failed', { reason: error })}
        </p>
      )}
      {!error && signedOutReason === 'expired' && (
        <p className="notice" role="status">
          {t('signIn.expired')}
        </p>
      )}
      {!error && signedOutReason === 'signed-out' && (
        <p className="notice" role="status">
          {t('signIn.signedOut')}
        </p>
      )}
      <p>{t('signIn.intro')}</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void startSignIn(returnTo, lang);
        }}
      >
        {busy ? t('signIn.working') : t('signIn.button')}
      </button>
      <p className="muted small">{t('signIn.privacy')}</p>
    </div>
  );
}
