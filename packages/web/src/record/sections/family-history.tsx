import { useI18n } from '../../i18n/i18n';
import type { FamilyHistoryRow } from '../build-record';
import { SectionTable } from './section-table';

/** Family history (Decision 831: history and risk factors). */
export function FamilyHistory({ rows }: { rows: FamilyHistoryRow[] }) {
  const { t } = useI18n();
  return (
    <SectionTable
      id="family-history"
      title="family.title"
      empty="family.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        {
          header: 'family.col.relative',
          cell: (r) => `${r.relative || '—'}${r.deceased ? ` (${t('family.deceased')})` : ''}`,
        },
        { header: 'family.col.conditions', cell: (r) => r.conditions || '—' },
      ]}
    />
  );
}
