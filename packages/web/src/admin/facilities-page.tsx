import { useState } from 'react';
import type { Bundle, Organization } from '@medplum/fhirtypes';
import { useAuth } from '../auth/auth-context';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { AdminNav } from './admin-nav';
import { ActionNotices, ListFilter } from './page-parts';
import { MA_CSKCB } from './facility-api';
import { FacilityForm } from './facility-form';
import { Forbidden } from './forbidden';
import { useAdminLoad } from './use-admin-load';

const PAGE = 50;

/**
 * Facilities are FHIR Organizations: found by name (with or without
 * diacritics) or by their MA_CSKCB code, shown with their kind and address.
 * Registered here (facility-form.tsx) or by a facility system through the
 * FHIR API; deactivated by active=false, which keeps its history and the
 * records that name it (docs/operations/administration.md).
 */
export function FacilitiesPage() {
  const { t, number } = useI18n();
  const { fhir } = useAuth();
  const [q, setQ] = useState('');
  const search = /^\d{5}$/.test(q)
    ? `Organization?identifier=${encodeURIComponent(`${MA_CSKCB}|${q}`)}`
    : `Organization?_count=${PAGE}&_total=accurate${q ? `&name=${encodeURIComponent(q)}` : ''}`;
  const { state, reload } = useAdminLoad(() => fhir.search<Organization>(search), search);
  const [done, setDone] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();

  const deactivate = async (o: Organization) => {
    setDone(undefined);
    setActionError(undefined);
    if (!window.confirm(t('admin.facilities.deactivateConfirm', { name: o.name ?? o.id ?? '' }))) return;
    try {
      // The current version, so nothing another administrator changed meanwhile is lost.
      const current = await fhir.get<Organization>(`Organization/${o.id}`);
      await fhir.put(`Organization/${o.id}`, { ...current, active: false });
      setDone(t('admin.facilities.deactivated', { name: o.name ?? o.id ?? '' }));
      reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <>
      <AdminNav />
      <h1>{t('admin.facilities.title')}</h1>
      <p className="subtitle">{t('admin.facilities.intro')}</p>
      <ActionNotices done={done} error={actionError} />
      <FacilityForm
        onRegistered={(message) => {
          setActionError(undefined);
          setDone(message);
          reload();
        }}
      />
      <ListFilter id="facility-q" label={t('admin.facilities.search')} onSearch={setQ} />
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading>{t('admin.facilities.loading')}</Loading>}
        {state.phase === 'forbidden' && <Forbidden />}
        {state.phase === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
        {state.phase === 'ready' && (
          <Results
            bundle={state.data}
            total={state.data.total}
            number={number}
            onDeactivate={(o) => void deactivate(o)}
          />
        )}
      </div>
    </>
  );
}

function Results({
  bundle,
  total,
  number,
  onDeactivate,
}: {
  bundle: Bundle<Organization>;
  total?: number;
  number: (n: number) => string;
  onDeactivate: (o: Organization) => void;
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
            <th scope="col">{t('admin.actions')}</th>
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
                  {o.active === false && <span className="badge"> {t('admin.facilities.inactive')}</span>}
                </th>
                <td>{o.identifier?.find((i) => i.system === MA_CSKCB)?.value ?? '—'}</td>
                <td>{o.type?.[0]?.text ?? o.type?.[0]?.coding?.[0]?.display ?? '—'}</td>
                <td>
                  {address?.text ??
                    ([...(address?.line ?? []), address?.district, address?.city].filter(Boolean).join(', ') || '—')}
                </td>
                <td className="actions">
                  {o.active !== false && (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => onDeactivate(o)}
                      aria-label={t('admin.facilities.deactivateLabel', { name: o.name ?? o.id ?? '' })}
                    >
                      {t('admin.facilities.deactivate')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
