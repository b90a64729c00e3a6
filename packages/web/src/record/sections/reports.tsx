import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { ReportRow } from '../build-record';

const KIND: Record<ReportRow['kind'], MessageKey> = {
  imaging: 'reports.imaging',
  report: 'reports.report',
  document: 'reports.document',
};

/** Imaging and other reports (laboratory results have their own section). */
export function Reports({ rows }: { rows: ReportRow[] }) {
  const { t, date } = useI18n();
  return (
    <Section id="reports" title={t('reports.title')}>
      {rows.length === 0 ? (
        <Empty>{t('reports.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.col.date')}</th>
                <th scope="col">{t('reports.col.kind')}</th>
                <th scope="col">{t('reports.col.name')}</th>
                <th scope="col">{t('reports.col.conclusion')}</th>
                <th scope="col">{t('record.from')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{date(r.date)}</td>
                  <td>{t(KIND[r.kind])}</td>
                  <td>{r.name || '—'}</td>
                  <td>{r.conclusion || '—'}</td>
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
