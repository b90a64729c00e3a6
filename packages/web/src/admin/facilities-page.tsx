import { useState, type FormEvent } from 'react';
import type { Bundle, Organization } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { AdminNav } from './admin-nav';
import { Forbidden } from './forbidden';
import { useAdminLoad } from './use-admin-load';

const MA_CSKCB = 'http://fhir.lienthong.vn/sid/ma-cskcb';
const PAGE = 50;

/**
 * Facilities are FHIR Organizations: found by name (with or without
 * diacritics) or by their MA_CSKCB code, shown with their kind and address.
 * Read-only here; a facility is registered as an Organization through the
 * FHIR API (docs/operations/administration.md).
 */
export function FacilitiesPage() {
  const { t, number } = useI18n();
  const { fhir } = useAuth();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const search = /^\d{5}$/.test(q)
    ? `Organization?identifier=${encodeURIComponent(`${MA_CSKCB}|${q}`)}`
    : `Organization?_count=${PAGE}&_total=accurate${q ? `&name=${encodeURIComponent(q)}` : ''}`;
  const { state, reload } = useAdminLoad(() => fhir.search<Organization>(search), search);

  return (
    <>
      <AdminNav />
      <h1>{t('admin.facilities.title')}</h1>
      <p className="subtitle">{t('admin.facilities.intro')}</p>
      <form
        className="search-form admin-filter"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <div className="grow">
          <label htmlFor="facility-q">{t('admin.facilities.search')}</label>
          <input id="facility-q" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">{t('admin.search')}</button>
      </form>
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('admin.facilities.loading')}</Loading>}
        {state.phase === 'forbidden' && <Forbidden />}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && <Results bundle={state.data} total={state.data.total} number={number} />}
      </div>
    </>
  );
}

function Results({
  bundle,
  total,
  number,
}: {
  bundle: Bundle<Organization>;
  total?: number;
  number: (n: number) => string;
}) {
  const { t } = useI18n();
  const orgs = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  if (orgs.length === 0) return <Empty>{t('admin.facilities.empty')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="admin-table">
        <caption className="muted">
          {total !== undefined && total > orgs.length
            ? t('admin.facilities.countMore', { shown: number(orgs.length), total: number(total) })
            : t('admin.facilities.count', { count: number(orgs.length) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.facilities.col.name')}</th>
            <th scope="col">{t('admin.facilities.col.code')}</th>
            <th scope="col">{t('admin.facilities.col.type')}</th>
            <th scope="col">{t('admin.facilities.col.address')}</th>
          </tr>
        </thead>
        <tbody>
          {orgs.map((o) => {
            const address = o.address?.[0];
            return (
              <tr key={o.id}>
                <th scope="row">
                  {o.name ?? o.id}
                  <br />
                  <code className="muted small">Organization/{o.id}</code>
                  {o.active === false && <span className="badge"> {t('admin.disabled')}</span>}
                </th>
                <td>{o.identifier?.find((i) => i.system === MA_CSKCB)?.value ?? '—'}</td>
                <td>{o.type?.[0]?.text ?? o.type?.[0]?.coding?.[0]?.display ?? '—'}</td>
                <td>
                  {address?.text ??
                    ([...(address?.line ?? []), address?.district, address?.city].filter(Boolean).join(', ') || '—')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
