import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { ImmunizationRow } from '../build-record';

export function Immunizations({ rows }: { rows: ImmunizationRow[] }) {
  const { t, date } = useI18n();
  return (
    <Section id="immunizations" title={t('immunizations.title')}>
      {rows.length === 0 ? (
        <Empty>{t('immunizations.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('immunizations.col.date')}</th>
                <th scope="col">{t('immunizations.col.vaccine')}</th>
                <th scope="col">{t('immunizations.col.disease')}</th>
                <th scope="col">{t('immunizations.col.dose')}</th>
                <th scope="col">{t('record.from')}</th>
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
        </div>
      )}
    </Section>
  );
}
