import { useI18n } from '../../i18n/i18n';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import type { ConditionRow } from '../build-record';

export function Conditions({ rows }: { rows: ConditionRow[] }) {
  const { t, date } = useI18n();
  return (
    <Section id="conditions" title={t('conditions.title')}>
      {rows.length === 0 ? (
        <Empty>{t('conditions.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('conditions.col.code')}</th>
                <th scope="col">{t('conditions.col.name')}</th>
                <th scope="col">{t('conditions.col.last')}</th>
                <th scope="col">{t('conditions.col.count')}</th>
                <th scope="col">{t('record.from')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code ?? r.name}>
                  <td className="code">{r.code ?? '—'}</td>
                  <td>{r.name}</td>
                  <td>{date(r.last)}</td>
                  <td className="num">{r.count}</td>
                  <td>
                    {r.facilities.map((f, i) => (
                      <span key={f.id ?? f.name ?? i} className="facility-list">
                        <FacilityName facility={f} />
                      </span>
                    ))}
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
