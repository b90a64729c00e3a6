import { useAuth } from './auth/auth-context';
import { CALLBACK_PATH } from './auth/oauth';
import { useI18n } from './i18n/i18n';
import { Link, navigate, useLocation } from './router';
import { CallbackPage } from './screens/callback-page';
import { RecordPage } from './screens/record-page';
import { SearchPage } from './screens/search-page';
import { SignInPage } from './screens/sign-in-page';

/** The shell: header with language and sign-out, and the screen for the address. */
export function App() {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useAuth();
  const { path, search } = useLocation();

  let screen;
  if (path === CALLBACK_PATH) screen = <CallbackPage search={search} />;
  else if (!session) screen = <SignInPage />;
  else if (path === '/') screen = <SearchPage search={search} />;
  else if (path.startsWith('/person/'))
    screen = <RecordPage key={path} personId={decodeURIComponent(path.slice('/person/'.length))} />;
  else
    screen = (
      <div className="card">
        <p>{t('app.notFound')}</p>
        <Link to="/">{t('app.backToSearch')}</Link>
      </div>
    );

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <Link to="/">
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        {session && (
          <nav aria-label={t('app.nav')} className="topnav">
            <Link to="/">{t('app.navSearch')}</Link>
          </nav>
        )}
        <div className="topbar-end">
          <button
            type="button"
            className="link-button"
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('app.languageLabel')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('app.language')}
          </button>
          {session && (
            <>
              <span className="user">{t('app.signedInAs', { name: session.name || '—' })}</span>
              <button
                type="button"
                onClick={() => {
                  void signOut();
                  navigate('/', true);
                }}
              >
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </>
  );
}
