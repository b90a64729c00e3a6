import { useI18n } from '../../i18n/i18n';
import { FacilityName } from '../../components/facility-name';
import type { ProcedureRow } from '../build-record';
import { SectionTable } from './section-table';

/** Surgery and procedures (Decision 831: history — surgery). */
export function Procedures({ rows }: { rows: ProcedureRow[] }) {
  const { t, date } = useI18n();
  return (
    <SectionTable
      id="procedures"
      title="procedures.title"
      empty="procedures.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: 'procedures.col.date', cell: (r) => date(r.date) },
        { header: 'procedures.col.name', cell: (r) => r.name || '—' },
        { header: 'procedures.col.kind', cell: (r) => t(r.surgery ? 'procedures.surgery' : 'procedures.procedure') },
        { header: 'record.from', cell: (r) => <FacilityName facility={r.facility} /> },
      ]}
    />
  );
}
