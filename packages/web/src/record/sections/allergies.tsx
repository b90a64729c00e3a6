import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { AllergyRow } from '../build-record';

export function Allergies({ rows }: { rows: AllergyRow[] }) {
  const { t } = useI18n();
  return (
    <Section id="allergies" title={t('allergies.title')}>
      {rows.length === 0 ? (
        <Empty>{t('allergies.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('allergies.col.substance')}</th>
                <th scope="col">{t('allergies.col.reaction')}</th>
                <th scope="col">{t('allergies.col.criticality')}</th>
                <th scope="col">{t('record.from')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.substance}</td>
                  <td>{r.reaction || '—'}</td>
                  <td>{r.criticality ?? '—'}</td>
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
