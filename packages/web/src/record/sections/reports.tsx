import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { FacilityName } from '../../components/facility-name';
import type { ReportRow } from '../build-record';
import { SectionTable } from './section-table';

const KIND: Record<ReportRow['kind'], MessageKey> = {
  imaging: 'reports.imaging',
  report: 'reports.report',
  document: 'reports.document',
};

/** Imaging and other reports (laboratory results have their own section). */
export function Reports({ rows }: { rows: ReportRow[] }) {
  const { t, date } = useI18n();
  return (
    <SectionTable
      id="reports"
      title="reports.title"
      empty="reports.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: 'reports.col.date', cell: (r) => date(r.date) },
        { header: 'reports.col.kind', cell: (r) => t(KIND[r.kind]) },
        { header: 'reports.col.name', cell: (r) => r.name || '—' },
        { header: 'reports.col.conclusion', cell: (r) => r.conclusion || '—' },
        { header: 'record.from', cell: (r) => <FacilityName facility={r.facility} /> },
      ]}
    />
  );
}
