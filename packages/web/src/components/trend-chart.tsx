import { useI18n } from '../i18n/i18n';
import type { LabSeries } from '../record/build-record';

const W = 560;
const H = 180;
const PAD = { left: 48, right: 16, top: 12, bottom: 28 };

/**
 * A repeated lab test drawn over time, with its reference range as a band.
 * Plain SVG: no chart library for a line and a few dots. The numbers are
 * also in the table beside it and in the summary below, for screen readers.
 */
export function TrendChart({ series }: { series: LabSeries }) {
  const { t, date, number } = useI18n();
  const points = series.points;
  const times = points.map((p) => Date.parse(p.date));
  const values = points.map((p) => p.value);
  const lo = Math.min(...values, series.low ?? Infinity);
  const hi = Math.max(...values, series.high ?? -Infinity);
  const margin = (hi - lo || Math.abs(hi) || 1) * 0.1;
  const yMin = lo - margin;
  const yMax = hi + margin;
  const tMin = Math.min(...times);
  const tSpan = Math.max(...times) - tMin || 1;
  const x = (time: number) => PAD.left + ((time - tMin) / tSpan) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const summary = t('labs.trendSummary', {
    test: series.name,
    count: points.length,
    from: date(points[0]!.date),
    to: date(points.at(-1)!.date),
    min: number(Math.min(...values)),
    max: number(Math.max(...values)),
    unit: series.unit,
  });
  return (
    <figure className="trend">
      <figcaption>{t('labs.trend', { test: series.name })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {series.low !== undefined && series.high !== undefined && (
          <rect
            className="trend-range"
            x={PAD.left}
            width={W - PAD.left - PAD.right}
            y={y(series.high)}
            height={Math.max(0, y(series.low) - y(series.high))}
          />
        )}
        {[yMin + margin, (yMin + yMax) / 2, yMax - margin].map((v) => (
          <g key={v}>
            <line className="trend-grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text className="trend-label" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {number(v)}
            </text>
          </g>
        ))}
        <path className="trend-line" d={line} />
        {points.map((p, i) => (
          <circle
            key={`${p.date}-${i}`}
            className={p.interpretation && p.interpretation !== 'N' ? 'trend-dot abnormal' : 'trend-dot'}
            cx={x(times[i]!)}
            cy={y(p.value)}
            r={4}
          />
        ))}
        <text className="trend-label" x={PAD.left} y={H - 8}>
          {date(points[0]!.date)}
        </text>
        <text className="trend-label" x={W - PAD.right} y={H - 8} textAnchor="end">
          {date(points.at(-1)!.date)}
        </text>
      </svg>
    </figure>
  );
}
