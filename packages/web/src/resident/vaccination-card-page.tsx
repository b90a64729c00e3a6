import { useI18n } from '../i18n/i18n';
import { FacilityName, FacilityNames } from '../components/facility-name';
import { Empty, ErrorBox, Loading } from '../components/states';
import { Link } from '../router';
import { BHYT_SYSTEM, CCCD_SYSTEM } from '../search/parse-query';
import { genderKey, personName } from '../record/person';
import { useOwnRecord } from '../record/use-own-record';

/**
 * A printable vaccination record: the resident's immunizations from every
 * facility, on one page. The print stylesheet drops the app's header and
 * buttons; the browser's "print" can save it as a PDF.
 */
export function VaccinationCardPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { state, reload } = useOwnRecord(patientId);
  if (state.phase === 'loading') return <Loading>{t('record.loading')}</Loading>;
  if (state.phase === 'error') return <ErrorBox error={state.error} onRetry={reload} />;
  const { record, names } = state;
  const main = record.patients.find((p) => p.id === patientId) ?? record.patients[0];
  const id = (system: string) => main?.identifier?.find((i) => i.system === system)?.value ?? '—';
  const rows = [...record.immunizations].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  return (
    <FacilityNames.Provider value={names}>
      <div className="no-print print-actions">
        <Link to="/">{t('book.back')}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('vacc.print')}
        </button>
      </div>
      <article className="card vaccination-card" aria-labelledby="vacc-title">
        <h1 id="vacc-title">{t('vacc.title')}</h1>
        <dl className="facts">
          <dt>{t('admin.name')}</dt>
          <dd>{personName(main)}</dd>
          <dt>{t('admin.birth')}</dt>
          <dd>{date(main?.birthDate)}</dd>
          <dt>{t('admin.gender')}</dt>
          <dd>{t(genderKey(main?.gender))}</dd>
          <dt>{t('id.cccd')}</dt>
          <dd>{id(CCCD_SYSTEM)}</dd>
          <dt>{t('id.bhyt')}</dt>
          <dd>{id(BHYT_SYSTEM)}</dd>
        </dl>
        {rows.length === 0 ? (
          <Empty>{t('immunizations.empty')}</Empty>
        ) : (
          <table>
            <caption>{t('vacc.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('immunizations.col.date')}</th>
                <th scope="col">{t('immunizations.col.vaccine')}</th>
                <th scope="col">{t('immunizations.col.disease')}</th>
                <th scope="col">{t('immunizations.col.dose')}</th>
                <th scope="col">{t('vacc.where')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{date(r.date)}</td>
                  <td>{r.vaccine}</td>
                  <td>{r.disease || '—'}</td>
                  <td className="num">{r.dose ?? '—'}</td>
                  <td>
                    <FacilityName facility={r.facility} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">{t('vacc.footer', { date: date(new Date().toISOString()) })}</p>
      </article>
    </FacilityNames.Provider>
  );
}
