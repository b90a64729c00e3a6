import { useI18n } from '../../i18n/i18n';
import { FacilityName } from '../../components/facility-name';
import type { ConditionRow } from '../build-record';
import { SectionTable } from './section-table';

export function Conditions({ rows }: { rows: ConditionRow[] }) {
  const { date } = useI18n();
  return (
    <SectionTable
      id="conditions"
      title="conditions.title"
      empty="conditions.empty"
      rows={rows}
      rowKey={(r) => r.code ?? r.name}
      columns={[
        { header: 'conditions.col.code', cell: (r) => r.code ?? '—', className: 'code' },
        { header: 'conditions.col.name', cell: (r) => r.name },
        { header: 'conditions.col.last', cell: (r) => date(r.last) },
        { header: 'conditions.col.count', cell: (r) => r.count, className: 'num' },
        {
          header: 'record.from',
          cell: (r) =>
            r.facilities.map((f, i) => (
              <span key={f.id ?? f.name ?? i} className="facility-list">
                <FacilityName facility={f} />
              </span>
            )),
        },
      ]}
    />
  );
}
