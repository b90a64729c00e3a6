import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { Section } from '../../components/section';
import type { FamilyHistoryRow } from '../build-record';

/** Family history (Decision 831: history and risk factors). */
export function FamilyHistory({ rows }: { rows: FamilyHistoryRow[] }) {
  const { t } = useI18n();
  return (
    <Section id="family-history" title={t('family.title')}>
      {rows.length === 0 ? (
        <Empty>{t('family.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('family.col.relative')}</th>
                <th scope="col">{t('family.col.conditions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.relative || '—'}
                    {r.deceased ? ` (${t('family.deceased')})` : ''}
                  </td>
                  <td>{r.conditions || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
