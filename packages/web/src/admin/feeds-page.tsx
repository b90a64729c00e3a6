import { useState, type FormEvent } from 'react';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { AdminNav } from './admin-nav';
import { useAdminApi } from './admin-api';
import type { FeedBoard, FeedFacility } from './admin-types';
import { Forbidden } from './forbidden';
import { useAdminLoad } from './use-admin-load';

type Status = 'all' | 'errors' | 'silent' | 'ok';

/**
 * The data-feed board: per facility, its last submission, visits received
 * in the last 7 days (and the resources amended files removed) and the
 * latest refused visits with why. Only facilities with a system client or
 * a submission are listed (the province's thousands of pharmacies would
 * drown the rest); the search finds a facility by name (with or without
 * diacritics) or code.
 */
export function FeedsPage() {
  const { t, lang, date, number } = useI18n();
  const api = useAdminApi();
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<{ q: string; status: Status }>({ q: '', status: 'all' });
  const query = new URLSearchParams({ status: filter.status, limit: '200', ...(filter.q ? { q: filter.q } : {}) });
  const { state, reload } = useAdminLoad(() => api.get<FeedBoard>(`/feeds?${query}`), query.toString());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter((f) => ({ ...f, q: text.trim() }));
  };

  return (
    <>
      <AdminNav />
      <h1>{t('admin.feeds.title')}</h1>
      <p className="subtitle">{t('admin.feeds.intro')}</p>
      <form className="search-form admin-filter" role="search" onSubmit={submit}>
        <div className="grow">
          <label htmlFor="feed-q">{t('admin.feeds.search')}</label>
          <input id="feed-q" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div>
          <label htmlFor="feed-status">{t('admin.feeds.show')}</label>
          <select
            id="feed-status"
            value={filter.status}
            onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as Status }))}
          >
            <option value="all">{t('admin.feeds.status.all')}</option>
            <option value="errors">{t('admin.feeds.status.errors')}</option>
            <option value="silent">{t('admin.feeds.status.silent')}</option>
            <option value="ok">{t('admin.feeds.status.ok')}</option>
          </select>
        </div>
        <button type="submit">{t('admin.search')}</button>
      </form>
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('admin.feeds.loading')}</Loading>}
        {state.phase === 'forbidden' && <Forbidden />}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && (
          <>
            <p>
              {t('admin.feeds.summary', {
                facilities: number(state.data.summary.facilities),
                received: number(state.data.summary.received),
                failed: number(state.data.summary.failed),
                silent: number(state.data.summary.silent),
                days: state.data.windowDays,
              })}
            </p>
            {state.data.facilities.length === 0 ? (
              <Empty>{filter.q || filter.status !== 'all' ? t('admin.feeds.noneMatch') : t('admin.feeds.empty')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="admin-table feeds">
                  <caption className="muted">
                    {t('admin.feeds.caption', {
                      days: state.data.windowDays,
                      time: date(state.data.generatedAt, true),
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.feeds.col.facility')}</th>
                      <th scope="col">{t('admin.feeds.col.last')}</th>
                      <th scope="col" className="num">
                        {t('admin.feeds.col.received')}
                      </th>
                      <th scope="col" className="num">
                        {t('admin.feeds.col.failed')}
                      </th>
                      <th scope="col">{t('admin.feeds.col.errors')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.data.facilities.map((f) => (
                      <FeedRow key={f.key} f={f} lang={lang} date={date} number={number} t={t} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {state.data.total > state.data.facilities.length && (
              <p className="muted">
                {t('admin.feeds.more', { shown: state.data.facilities.length, total: state.data.total })}
              </p>
            )}
          </>
        )}
      </div>
    </>
  );
}

type I18nBits = Pick<ReturnType<typeof useI18n>, 'lang' | 'date' | 'number' | 't'>;

function FeedRow({ f, lang, date, number, t }: { f: FeedFacility } & I18nBits) {
  return (
    <tr className={`feed-${f.status}`}>
      <th scope="row">
        <span className="facility-name">{f.name ?? f.key}</span>
        <span className="muted small">
          {' '}
          · {f.code ? t('admin.feeds.code', { code: f.code }) : t('admin.feeds.noOrganization')}
        </span>
        <br />
        <span className={`badge status-${f.status}`}>{t(`admin.feeds.badge.${f.status}`)}</span>
        {f.clients.length > 0 && (
          <span className="muted small">
            {' '}
            {f.clients.map((c) => c.clientId + (c.disabled ? ` (${t('admin.disabled')})` : '')).join(', ')}
          </span>
        )}
      </th>
      <td>{f.lastSubmission ? date(f.lastSubmission, true) : t('admin.feeds.never')}</td>
      <td className="num">
        {number(f.received)}
        {f.received > 0 && (
          <span className="muted small">
            <br />
            {t('admin.feeds.breakdown', { imported: number(f.imported), unchanged: number(f.unchanged) })}
          </span>
        )}
        {/* Amended files that dropped rows: worth a look, but only when it happened. */}
        {f.removed > 0 && (
          <span className="muted small">
            <br />
            {t('admin.feeds.removed', { count: number(f.removed) })}
          </span>
        )}
      </td>
      <td className="num">{number(f.failed)}</td>
      <td>
        {f.latestErrors.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="feed-errors">
            {f.latestErrors.map((e, i) => (
              <li key={i}>
                <strong>{e.maLk ? t('admin.feeds.visit', { maLk: e.maLk }) : t('admin.feeds.wholeFile')}</strong>{' '}
                <span className="muted small">{date(e.receivedAt, true)}</span>
                <ul>
                  {e.problems.slice(0, 3).map((p, j) => (
                    <li key={j}>
                      {p.table ? (
                        <code>
                          {p.table}
                          {p.row !== undefined ? `[${p.row}]` : ''}
                          {p.field ? `.${p.field}` : ''}
                        </code>
                      ) : null}{' '}
                      {p.message[lang]}
                    </li>
                  ))}
                  {e.problems.length > 3 && (
                    <li className="muted">{t('admin.feeds.moreProblems', { count: e.problems.length - 3 })}</li>
                  )}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
