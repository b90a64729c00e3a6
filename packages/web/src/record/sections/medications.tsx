import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { MedicationRow } from '../build-record';

function MedicationTable({ rows }: { rows: MedicationRow[] }) {
  const { t, date } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('medications.col.drug')}</th>
            <th scope="col">{t('medications.col.dose')}</th>
            <th scope="col">{t('medications.col.date')}</th>
            <th scope="col">{t('medications.col.until')}</th>
            <th scope="col">{t('record.from')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.drug}</td>
              <td>{r.dose || '—'}</td>
              <td>{date(r.authoredOn)}</td>
              <td>{date(r.until)}</td>
              <td>
                <FacilityName facility={r.facility} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Medications({ current, recent }: { current: MedicationRow[]; recent: MedicationRow[] }) {
  const { t } = useI18n();
  return (
    <Section id="medications" title={t('medications.title')}>
      {current.length === 0 ? <Empty>{t('medications.empty')}</Empty> : <MedicationTable rows={current} />}
      <h3>{t('medications.recent')}</h3>
      {recent.length === 0 ? <Empty>{t('medications.recentEmpty')}</Empty> : <MedicationTable rows={recent} />}
    </Section>
  );
}
