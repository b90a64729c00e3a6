import { Link, useLocation } from '../router';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/vi';

const PAGES: [string, MessageKey][] = [
  ['/admin/feeds', 'admin.nav.feeds'],
  ['/admin/facilities', 'admin.nav.facilities'],
  ['/admin/users', 'admin.nav.users'],
  ['/admin/clients', 'admin.nav.clients'],
  ['/admin/reviews', 'review.nav'],
];

/** The administrator's screens, one link each; the current one is marked for screen readers too. */
export function AdminNav() {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <nav aria-label={t('admin.nav.label')} className="admin-nav">
      <ul>
        {PAGES.map(([to, key]) => (
          <li key={to} {...(path === to ? { 'aria-current': 'page' as const } : {})}>
            <Link to={to}>{t(key)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
