import { readFileSync } from 'node:fs';
import { dateOf, dayOf, mondayOf, monthOf } from './care/calendar.js';
import type { Commune, Outbreak, OutbreakDisease, Period } from './model.js';
import { WeightedTable, type Random } from './random.js';

/**
 * The outbreaks injected into the synthetic province (the labelled truth that
 * surveillance must find) and the seasonal baseline of dengue.
 *
 * Rates are weekly cases per 100,000 residents of the outbreak's commune at
 * its peak. They sit at the high end of what southern Vietnam reports for a
 * commune-level cluster, so that an outbreak shows even in a small synthetic
 * province: a commune of 1,500 synthetic residents with a dengue peak of
 * 200/100k sees about 3 cases in its peak week against a baseline below 0.2.
 */

/**
 * Dengue cases per 100,000 residents per year assumed for Đồng Nai outside
 * outbreaks. OpenDengue's Đồng Nai series averages about 170/100k for
 * 1995–2010 (3,900 cases a year for 2–2.5 million people); recent years run
 * higher (the 2019 and 2022 epidemics), so the synthetic province assumes 250.
 */
export const DENGUE_ANNUAL_INCIDENCE_PER_100K = 250;

const DENGUE_CSV = new URL('../data/dengue-dong-nai-monthly.csv', import.meta.url);

let dengueShape: number[] | undefined;

/**
 * Twelve relative weights (January first, mean 1) of dengue cases by month in
 * Đồng Nai: each complete year of the OpenDengue series is normalised to its
 * own total and the years are averaged, so epidemic years do not dominate.
 */
export function dengueMonthlyShape(): number[] {
  dengueShape ??= shapeFromCsv(readFileSync(DENGUE_CSV, 'utf8'));
  return [...dengueShape];
}

/** Exported for tests: the shape of any OpenDengue-style monthly CSV. */
export function shapeFromCsv(csv: string): number[] {
  const byYear = new Map<string, number[]>();
  const lines = csv.trim().split(/\r?\n/);
  const header = lines[0]?.split(',') ?? [];
  const start = header.indexOf('period_start');
  const cases = header.indexOf('dengue_cases');
  const resolution = header.indexOf('time_resolution');
  if (start < 0 || cases < 0) throw new Error('dengue CSV lacks period_start or dengue_cases');
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (resolution >= 0 && cells[resolution] !== 'Month') continue;
    const date = cells[start] ?? '';
    const year = date.slice(0, 4);
    const month = Number(date.slice(5, 7)) - 1;
    const count = Number(cells[cases]);
    if (!(month >= 0 && month < 12) || !Number.isFinite(count)) continue;
    const months = byYear.get(year) ?? new Array<number>(12).fill(Number.NaN);
    months[month] = count;
    byYear.set(year, months);
  }
  const sum = new Array<number>(12).fill(0);
  let years = 0;
  for (const months of byYear.values()) {
    if (months.some((count) => Number.isNaN(count))) continue; // incomplete year
    const total = months.reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    months.forEach((count, month) => (sum[month]! += (12 * count) / total));
    years++;
  }
  if (years === 0) throw new Error('no complete year in the dengue CSV');
  return sum.map((value) => value / years);
}

interface Plan {
  disease: OutbreakDisease;
  icd10: string;
  /** How many outbreaks (inclusive range). */
  count: [number, number];
  /** Months (0 = January) in which an outbreak may start. */
  startMonths: number[];
  weeks: [number, number];
  peak: [number, number];
  /** Communes one outbreak spans (a COVID-19 wave reaches several). */
  communes: [number, number];
}

const PLANS: Plan[] = [
  // Rainy season (May–November): clusters start June–October.
  {
    disease: 'dengue',
    icd10: 'A91',
    count: [4, 7],
    startMonths: [5, 6, 7, 8, 9],
    weeks: [3, 8],
    peak: [120, 300],
    communes: [1, 1],
  },
  // Measles: late winter and spring.
  {
    disease: 'measles',
    icd10: 'B05',
    count: [1, 2],
    startMonths: [11, 0, 1, 2, 3],
    weeks: [4, 8],
    peak: [20, 60],
    communes: [1, 1],
  },
  // Hand-foot-mouth peaks in the south in March–May and September–December.
  {
    disease: 'hand-foot-mouth',
    icd10: 'B08.4',
    count: [2, 3],
    startMonths: [2, 3, 4, 8, 9, 10, 11],
    weeks: [4, 8],
    peak: [60, 150],
    communes: [1, 1],
  },
  // One COVID-19 wave, any time of year, reaching a few communes a week or two apart.
  {
    disease: 'covid-19',
    icd10: 'U07.1',
    count: [1, 1],
    startMonths: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    weeks: [4, 6],
    peak: [150, 400],
    communes: [2, 4],
  },
];

export interface OutbreakOptions {
  /**
   * Residents of the synthetic province. In a small province a commune has a
   * few hundred people, and a realistic rate would give one case or none:
   * with this set, the peak rate is raised where needed so that the peak week
   * is expected to bring `minPeakCases` cases (default 3), up to 5 % a week.
   * The raised rate is what the outbreak record says (the labelled truth).
   */
  residents?: number;
  minPeakCases?: number;
}

const MAX_PEAK_PER_100K = 5_000;

/**
 * Plans the outbreaks of the period: several dengue clusters in the rainy
 * season, one or two of measles, two or three of hand-foot-mouth disease and a
 * COVID-19 wave (one record per commune it reaches). Busier communes (by
 * weight) are likelier to host one; an outbreak never runs past the period.
 */
export function planOutbreaks(
  random: Random,
  communes: readonly Commune[],
  period: Period,
  options: OutbreakOptions = {},
): Outbreak[] {
  if (communes.length === 0) return [];
  const totalWeight = communes.reduce((sum, c) => sum + Math.max(c.weight, 0), 0);
  const visible = (commune: Commune, peak: number): number => {
    if (!options.residents || totalWeight <= 0) return peak;
    const people = (options.residents * Math.max(commune.weight, 0)) / totalWeight;
    const needed = ((options.minPeakCases ?? 3) / Math.max(people, 1)) * 100_000;
    return Math.round(Math.min(Math.max(peak, needed), MAX_PEAK_PER_100K));
  };
  const first = mondayOf(dayOf(period.from));
  const last = dayOf(period.to);
  const mondays: number[] = [];
  for (let day = first; day <= last; day += 7) mondays.push(day);
  const table = new WeightedTable(communes, (commune) => Math.max(commune.weight, 1e-9));
  const outbreaks: Outbreak[] = [];

  for (const plan of PLANS) {
    const r = random.stream('outbreaks', plan.disease);
    const count = r.int(plan.count[0], plan.count[1]);
    const used = new Set<string>();
    for (let n = 0; n < count; n++) {
      const weeks = r.int(plan.weeks[0], plan.weeks[1]);
      const fits = mondays.filter((monday) => monday + 7 * weeks - 1 <= last);
      const inSeason = fits.filter(
        (monday) => plan.startMonths.includes(monthOf(monday)) && monday >= dayOf(period.from) - 6,
      );
      const candidates = inSeason.length > 0 ? inSeason : fits.length > 0 ? fits : mondays;
      const start = r.pick(candidates);
      const spread = Math.min(r.int(plan.communes[0], plan.communes[1]), communes.length);
      const peak = r.int(plan.peak[0], plan.peak[1]);
      for (let c = 0; c < spread; c++) {
        const commune = drawUnused(r, table, used, communes.length);
        // A wave reaches later communes a week or two after the first.
        const delay = c === 0 ? 0 : Math.min(r.int(1, 2) * c, Math.floor((last - start) / 7) - weeks);
        const firstWeek = start + 7 * Math.max(0, delay);
        outbreaks.push({
          disease: plan.disease,
          icd10: plan.icd10,
          communeCode: commune.code,
          firstWeek: dateOf(firstWeek),
          weeks: Math.min(weeks, Math.floor((last - firstWeek) / 7) + 1),
          peakRatePer100k: visible(commune, c === 0 ? peak : Math.round(peak * (0.6 + 0.4 * r.next()))),
        });
      }
    }
  }
  return outbreaks.sort(
    (a, b) =>
      a.firstWeek.localeCompare(b.firstWeek) ||
      a.disease.localeCompare(b.disease) ||
      a.communeCode.localeCompare(b.communeCode),
  );
}

/** A commune not yet used by this disease while any remain, by weight. */
function drawUnused(random: Random, table: WeightedTable<Commune>, used: Set<string>, total: number): Commune {
  let commune = table.draw(random);
  for (let tries = 0; used.has(commune.code) && used.size < total && tries < 50; tries++) commune = table.draw(random);
  if (used.has(commune.code) && used.size < total) commune = table.items.find((c) => !used.has(c.code)) ?? commune;
  used.add(commune.code);
  return commune;
}

/**
 * Relative intensity (0–1] of an outbreak in its week `index` (0-based):
 * a quick rise to the peak about a third of the way in, then a slower decline.
 */
export function outbreakWeekFactor(weeks: number, index: number): number {
  if (index < 0 || index >= weeks) return 0;
  const peakAt = Math.floor((weeks - 1) / 3);
  if (index <= peakAt) return (index + 1) / (peakAt + 1);
  return (weeks - index) / (weeks - peakAt);
}
