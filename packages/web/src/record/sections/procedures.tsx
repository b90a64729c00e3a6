import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { ProcedureRow } from '../build-record';

/** Surgery and procedures (Decision 831: history — surgery). */
export function Procedures({ rows }: { rows: ProcedureRow[] }) {
  const { t, date } = useI18n();
  return (
    <Section id="procedures" title={t('procedures.title')}>
      {rows.length === 0 ? (
        <Empty>{t('procedures.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('procedures.col.date')}</th>
                <th scope="col">{t('procedures.col.name')}</th>
                <th scope="col">{t('procedures.col.kind')}</th>
                <th scope="col">{t('record.from')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{date(r.date)}</td>
                  <td>{r.name || '—'}</td>
                  <td>{t(r.surgery ? 'procedures.surgery' : 'procedures.procedure')}</td>
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
