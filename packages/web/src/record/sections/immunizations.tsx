import { useI18n } from '../../i18n/i18n';
import { FacilityName } from '../../components/facility-name';
import type { ImmunizationRow } from '../build-record';
import { SectionTable } from './section-table';

export function Immunizations({ rows }: { rows: ImmunizationRow[] }) {
  const { date } = useI18n();
  return (
    <SectionTable
      id="immunizations"
      title="immunizations.title"
      empty="immunizations.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: 'immunizations.col.date', cell: (r) => date(r.date) },
        { header: 'immunizations.col.vaccine', cell: (r) => r.vaccine },
        { header: 'immunizations.col.disease', cell: (r) => r.disease || '—' },
        { header: 'immunizations.col.dose', cell: (r) => r.dose ?? '—', className: 'num' },
        { header: 'record.from', cell: (r) => <FacilityName facility={r.facility} /> },
      ]}
    />
  );
}
