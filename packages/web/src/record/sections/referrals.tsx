import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { FacilityName } from '../../components/facility-name';
import type { ReferralRow } from '../build-record';
import { SectionTable } from './section-table';

function statusKey(status: string): MessageKey {
  switch (status) {
    case 'active':
      return 'status.active';
    case 'completed':
      return 'status.completed';
    case 'revoked':
      return 'status.revoked';
    case 'draft':
      return 'status.draft';
    default:
      return 'status.other';
  }
}

export function Referrals({ rows }: { rows: ReferralRow[] }) {
  const { t, date } = useI18n();
  return (
    <SectionTable
      id="referrals"
      title="referrals.title"
      empty="referrals.empty"
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { header: 'referrals.col.date', cell: (r) => date(r.date) },
        { header: 'referrals.col.from', cell: (r) => <FacilityName facility={r.from} /> },
        { header: 'referrals.col.to', cell: (r) => <FacilityName facility={r.to} /> },
        { header: 'referrals.col.reason', cell: (r) => r.reason || '—' },
        { header: 'referrals.col.status', cell: (r) => t(statusKey(r.status)) },
      ]}
    />
  );
}
