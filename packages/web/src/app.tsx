import { useAuth } from './auth/auth-context';
import { CALLBACK_PATH } from './auth/oauth';
import { useI18n } from './i18n/i18n';
import { Link, navigate, useLocation } from './router';
import { CallbackPage } from './screens/callback-page';
import { RecordPage } from './screens/record-page';
import { SearchPage } from './screens/search-page';
import { SignInPage } from './screens/sign-in-page';
import { ReviewQueuePage } from './admin/review-queue-page';
import { ClientsPage } from './admin/clients-page';
import { FacilitiesPage } from './admin/facilities-page';
import { FeedsPage } from './admin/feeds-page';
import { UsersPage } from './admin/users-page';
import { AccessLogPage } from './resident/access-log-page';
import { ConsentPage } from './resident/consent-page';
import { HealthBookPage } from './resident/health-book-page';
import { VaccinationCardPage } from './resident/vaccination-card-page';

/** The shell: header with language and sign-out, and the screen for the address. */
export function App() {
  const { t, lang, setLang } = useI18n();
  const { session, signOut } = useAuth();
  const { path, search } = useLocation();

  // A resident's token names their Patient: they get their own health book, nothing else.
  const own = session?.patientId;
  let screen;
  if (path === CALLBACK_PATH) screen = <CallbackPage search={search} />;
  else if (!session) screen = <SignInPage />;
  else if (own && path === '/') screen = <HealthBookPage patientId={own} />;
  else if (own && path === '/access-log') screen = <AccessLogPage patientId={own} />;
  else if (own && path === '/vaccinations') screen = <VaccinationCardPage patientId={own} />;
  else if (own && path === '/consent') screen = <ConsentPage patientId={own} />;
  else if (own) screen = <NotFound />;
  else if (path === '/') screen = <SearchPage search={search} />;
  else if (path === '/admin/reviews') screen = <ReviewQueuePage />;
  else if (path === '/admin/feeds') screen = <FeedsPage />;
  else if (path === '/admin/facilities') screen = <FacilitiesPage />;
  else if (path === '/admin/users') screen = <UsersPage />;
  else if (path === '/admin/clients') screen = <ClientsPage />;
  else if (path.startsWith('/person/'))
    screen = <RecordPage key={path} personId={decodeURIComponent(path.slice('/person/'.length))} />;
  else screen = <NotFound />;

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
            {own ? (
              <>
                <Link to="/">{t('book.nav')}</Link>
                <Link to="/access-log">{t('book.accessLog')}</Link>
                <Link to="/vaccinations">{t('book.vaccinations')}</Link>
                <Link to="/consent">{t('book.consent')}</Link>
              </>
            ) : (
              <>
                <Link to="/">{t('app.navSearch')}</Link>
                {/* Shown to staff; the server lets only administrators (data stewards) in, and the page says so. */}
                <Link to="/admin/reviews">{t('review.nav')}</Link>
                {/* The administration screens; the server answers only an administrator, and each page says so to others. */}
                <Link to="/admin/feeds">{t('admin.nav.top')}</Link>
              </>
            )}
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

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="card">
      <p>{t('app.notFound')}</p>
      <Link to="/">{t('app.home')}</Link>
    </div>
  );
}
