import { FacilityName } from '../../components/facility-name';
import type { AllergyRow } from '../build-record';
import { SectionTable } from './section-table';

export function Allergies({ rows }: { rows: AllergyRow[] }) {
  return (
    <SectionTable
      id="allergies"
      title="allergies.title"
      empty="allergies.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: 'allergies.col.substance', cell: (r) => r.substance },
        { header: 'allergies.col.reaction', cell: (r) => r.reaction || '—' },
        { header: 'allergies.col.criticality', cell: (r) => r.criticality ?? '—' },
        { header: 'record.from', cell: (r) => <FacilityName facility={r.facility} /> },
      ]}
    />
  );
}
