import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { ReferralRow } from '../build-record';

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
    <Section id="referrals" title={t('referrals.title')}>
      {rows.length === 0 ? (
        <Empty>{t('referrals.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('referrals.col.date')}</th>
                <th scope="col">{t('referrals.col.from')}</th>
                <th scope="col">{t('referrals.col.to')}</th>
                <th scope="col">{t('referrals.col.reason')}</th>
                <th scope="col">{t('referrals.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{date(r.date)}</td>
                  <td>
                    <FacilityName facility={r.from} />
                  </td>
                  <td>
                    <FacilityName facility={r.to} />
                  </td>
                  <td>{r.reason || '—'}</td>
                  <td>{t(statusKey(r.status))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
