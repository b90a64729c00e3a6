import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/vi';
import { Empty } from '../../components/states';
import { FacilityName } from '../../components/facility-name';
import { Section } from '../../components/section';
import { TrendChart } from '../../components/trend-chart';
import type { LabSeries } from '../build-record';

function flag(code: string | undefined): MessageKey | undefined {
  if (!code) return undefined;
  if (code === 'N') return 'labs.normal';
  if (code === 'H' || code === 'HH') return 'labs.high';
  if (code === 'L' || code === 'LL') return 'labs.low';
  return 'labs.abnormal';
}

/** The latest value of each test, and a trend chart for every test done more than once. */
export function Labs({ series }: { series: LabSeries[] }) {
  const { t, date, number } = useI18n();
  const repeated = series.filter((s) => s.points.length > 1);
  return (
    <Section id="labs" title={t('labs.title')}>
      {series.length === 0 ? (
        <Empty>{t('labs.empty')}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('labs.col.test')}</th>
                  <th scope="col">{t('labs.col.latest')}</th>
                  <th scope="col">{t('labs.col.range')}</th>
                  <th scope="col">{t('labs.col.date')}</th>
                  <th scope="col">{t('record.from')}</th>
                </tr>
              </thead>
              <tbody>
                {series.map((s) => {
                  const last = s.points.at(-1)!;
                  const f = flag(last.interpretation);
                  return (
                    <tr key={s.key}>
                      <td>
                        {s.name}
                        {s.loinc && <span className="muted code"> LOINC {s.loinc}</span>}
                      </td>
                      <td className={f && f !== 'labs.normal' ? 'num abnormal' : 'num'}>
                        {number(last.value)} {s.unit}
                        {f && f !== 'labs.normal' && <span className="flag"> ({t(f)})</span>}
                      </td>
                      <td className="num">
                        {s.low !== undefined || s.high !== undefined
                          ? `${s.low !== undefined ? number(s.low) : ''}–${s.high !== undefined ? number(s.high) : ''}`
                          : '—'}
                      </td>
                      <td>{date(last.date)}</td>
                      <td>
                        <FacilityName facility={last.facility} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="trends">
            {repeated.map((s) => (
              <TrendChart key={s.key} series={s} />
            ))}
          </div>
        </>
      )}
    </Section>
  );
}
