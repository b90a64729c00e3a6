import type { Diagnosis, Outbreak, OutbreakDisease, Province } from '../model.js';
import { DENGUE_ANNUAL_INCIDENCE_PER_100K, dengueMonthlyShape, outbreakWeekFactor } from '../outbreaks.js';
import type { Random } from '../random.js';
import { dateOf, dayOf, mondayOf, monthOf } from './calendar.js';
import type { Condition } from './conditions.js';
import { ageBand, normaliseAgeFactors, type AgeWeights } from './population.js';

/**
 * The notifiable diseases of the synthetic province: a seasonal baseline for
 * every commune plus the planned outbreaks, which raise the weekly rate of
 * their commune's residents during their weeks. A resident's chance of a case
 * is the sum of the weekly rates of their commune over the period, scaled by
 * the age profile of the disease; the week of a case is drawn in proportion
 * to those rates, so cases pile up in the rainy season and in outbreaks.
 */

interface NotifiableDisease {
  key: OutbreakDisease;
  baselinePer100kYear: number;
  /** Relative weight by month (January first, mean 1). */
  monthShape: number[];
  /** Relative risk by age band, population mean 1. */
  ageFactors: AgeWeights;
  /** The clinical picture (code, tests, treatment); one is drawn per case. */
  conditions: { weight: number; condition: Condition }[];
}

const meanOne = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((value) => value / mean);
};

const PARA = { drug: 'Paracetamol 500mg', dose: 1, times: 3, days: [3, 5] as [number, number] };
// Paracetamol is the treatment of dengue, measles and HFMD: not optional here.
const PARA_CHILD = { drug: 'Paracetamol 250mg', dose: 1, times: 3, days: [3, 5] as [number, number] };
const ORESOL = { drug: 'Oresol 245', dose: 1, times: 2, days: [3, 5] as [number, number] };

/** Dengue as it is seen: suspected at the station, tested (NS1, blood count), often sent up, admitted when it bleeds. */
function dengue(icd10: string, display: string, inpatient: number, stay: [number, number]): Condition {
  return {
    icd10,
    display,
    complaint: 'Sốt cao liên tục, đau nhức cơ',
    weights: [0, 0, 0, 0, 0, 0],
    level: 'secondary',
    inpatient,
    stay,
    labState: 'dengue',
    fever: true,
    referral: 0.35,
    labs: [
      { panel: 'dengue-ns1', p: 0.8 },
      { panel: 'cbc', p: 0.95 },
      { panel: 'liver', p: 0.25 },
    ],
    regimens: [{ weight: 1, lines: [PARA, ORESOL] }],
    childRegimens: [{ weight: 1, lines: [PARA_CHILD, ORESOL] }],
    inpatientRegimens: [{ weight: 1, lines: [{ drug: 'Ringer lactat 500ml', dose: 1, times: 2, days: [2, 4] }, PARA] }],
  };
}

const DISEASES: NotifiableDisease[] = [
  {
    key: 'dengue',
    baselinePer100kYear: DENGUE_ANNUAL_INCIDENCE_PER_100K,
    monthShape: dengueMonthlyShape(),
    ageFactors: normaliseAgeFactors([0.5, 1.5, 1.4, 0.9, 0.7, 0.5]),
    conditions: [
      { weight: 70, condition: dengue('A90', 'Sốt Dengue [Dengue cổ điển]', 0.25, [3, 5]) },
      { weight: 30, condition: dengue('A91', 'Sốt xuất huyết Dengue', 0.75, [4, 7]) },
    ],
  },
  {
    key: 'measles',
    baselinePer100kYear: 2,
    monthShape: meanOne([1.6, 1.8, 1.8, 1.5, 1.0, 0.7, 0.6, 0.5, 0.5, 0.5, 0.6, 0.9]),
    ageFactors: normaliseAgeFactors([5, 1.5, 0.4, 0.15, 0.02, 0.01]),
    conditions: [
      {
        weight: 1,
        condition: {
          icd10: 'B05.9',
          display: 'Sởi không biến chứng',
          complaint: 'Sốt, phát ban, ho, chảy nước mắt',
          weights: [0, 0, 0, 0, 0, 0],
          level: 'secondary',
          specialty: 'children',
          inpatient: 0.3,
          stay: [4, 7],
          fever: true,
          labState: 'measles',
          referral: 0.5,
          labs: [
            { panel: 'measles-igm', p: 0.6 },
            { panel: 'cbc', p: 0.4 },
          ],
          regimens: [{ weight: 1, lines: [PARA, { drug: 'Vitamin C 500mg', dose: 1, times: 1, days: [5, 7] }] }],
          childRegimens: [
            { weight: 1, lines: [PARA_CHILD, { drug: 'Acetylcystein 200mg', dose: 1, times: 2, days: [5, 5] }] },
          ],
          inpatientRegimens: [
            {
              weight: 1,
              lines: [
                PARA_CHILD,
                { drug: 'Natri clorid 0,9% 10ml nhỏ mắt', dose: 1, times: 3, days: [5, 5], quantity: 1 },
              ],
            },
          ],
        },
      },
    ],
  },
  {
    key: 'hand-foot-mouth',
    baselinePer100kYear: 100,
    monthShape: meanOne([0.7, 0.7, 1.1, 1.3, 1.2, 0.8, 0.7, 0.8, 1.2, 1.4, 1.2, 0.9]),
    ageFactors: normaliseAgeFactors([12, 0.6, 0.02, 0.01, 0, 0]),
    conditions: [
      {
        weight: 1,
        condition: {
          icd10: 'B08.4',
          display: 'Bệnh tay chân miệng',
          complaint: 'Sốt, loét miệng, nổi bóng nước tay chân',
          weights: [0, 0, 0, 0, 0, 0],
          level: 'primary',
          specialty: 'children',
          inpatient: 0.12,
          stay: [3, 6],
          fever: true,
          labState: 'viral',
          referral: 0.1,
          labs: [{ panel: 'cbc', p: 0.2 }],
          regimens: [{ weight: 1, lines: [PARA] }],
          childRegimens: [{ weight: 1, lines: [PARA_CHILD] }],
        },
      },
    ],
  },
  {
    key: 'covid-19',
    baselinePer100kYear: 30,
    monthShape: meanOne([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    ageFactors: normaliseAgeFactors([0.4, 0.4, 0.9, 1.0, 1.2, 1.6]),
    conditions: [
      {
        weight: 1,
        condition: {
          icd10: 'U07.1',
          display: 'COVID-19, đã xác định virus',
          complaint: 'Sốt, ho, đau họng, mất vị giác',
          weights: [0, 0, 0, 0, 0, 0],
          level: 'primary',
          inpatient: 0.06,
          stay: [5, 10],
          fever: true,
          labState: 'covid',
          referral: 0.05,
          labs: [{ panel: 'covid-ag', p: 0.9 }],
          regimens: [{ weight: 1, lines: [PARA, { drug: 'Vitamin C 500mg', dose: 1, times: 1, days: [7, 7] }] }],
          childRegimens: [{ weight: 1, lines: [PARA_CHILD] }],
          inpatientRegimens: [
            { weight: 1, lines: [{ drug: 'Dexamethason 4mg/1ml', dose: 1, times: 1, days: [5, 7] }, PARA] },
          ],
        },
      },
    ],
  },
];

/** Weekly rates per resident (before the age factor), by week of the period. */
interface Rates {
  weekly: Float64Array;
  cumulative: Float64Array;
  total: number;
}

interface Tables {
  firstMonday: number;
  from: number;
  to: number;
  baseline: Map<OutbreakDisease, Rates>;
  /** Only communes with an outbreak of the disease have their own table. */
  byCommune: Map<string, Rates>;
}

const cache = new WeakMap<Province, Tables>();

function ratesOf(weekly: Float64Array): Rates {
  const cumulative = new Float64Array(weekly.length);
  let total = 0;
  weekly.forEach((rate, week) => {
    total += rate;
    cumulative[week] = total;
  });
  return { weekly, cumulative, total };
}

function tablesOf(province: Province): Tables {
  const cached = cache.get(province);
  if (cached) return cached;
  const from = dayOf(province.period.from);
  const to = dayOf(province.period.to);
  const firstMonday = mondayOf(from);
  const weeks = Math.floor((to - firstMonday) / 7) + 1;
  const baseline = new Map<OutbreakDisease, Rates>();
  for (const disease of DISEASES) {
    const weekly = new Float64Array(weeks);
    for (let week = 0; week < weeks; week++) {
      const monday = firstMonday + 7 * week;
      const daysIn = Math.min(monday + 6, to) - Math.max(monday, from) + 1;
      const month = monthOf(monday + 3);
      weekly[week] = (disease.baselinePer100kYear / 100_000) * (daysIn / 365.25) * disease.monthShape[month]!;
    }
    baseline.set(disease.key, ratesOf(weekly));
  }
  const byCommune = new Map<string, Rates>();
  for (const outbreak of province.outbreaks) {
    const key = `${outbreak.disease}|${outbreak.communeCode}`;
    const base = byCommune.get(key)?.weekly ?? baseline.get(outbreak.disease)?.weekly;
    if (!base) continue;
    const weekly = Float64Array.from(base);
    addOutbreak(weekly, outbreak, firstMonday);
    byCommune.set(key, ratesOf(weekly));
  }
  const tables = { firstMonday, from, to, baseline, byCommune };
  cache.set(province, tables);
  return tables;
}

function addOutbreak(weekly: Float64Array, outbreak: Outbreak, firstMonday: number): void {
  const offset = Math.round((mondayOf(dayOf(outbreak.firstWeek)) - firstMonday) / 7);
  for (let index = 0; index < outbreak.weeks; index++) {
    const week = offset + index;
    if (week < 0 || week >= weekly.length) continue;
    weekly[week] = weekly[week]! + (outbreak.peakRatePer100k / 100_000) * outbreakWeekFactor(outbreak.weeks, index);
  }
}

export interface NotifiableCase {
  disease: OutbreakDisease;
  condition: Condition;
  diagnosis: Diagnosis;
  /** The day the patient first comes for care. */
  day: number;
}

/**
 * The notifiable-disease cases of one resident over the period (usually
 * none). `age` is the age at the start of the period; `birth` the day of birth.
 */
export function drawNotifiableCases(
  province: Province,
  random: Random,
  communeCode: string,
  age: number,
  birth: number,
): NotifiableCase[] {
  const tables = tablesOf(province);
  const cases: NotifiableCase[] = [];
  for (const disease of DISEASES) {
    const rates = tables.byCommune.get(`${disease.key}|${communeCode}`) ?? tables.baseline.get(disease.key)!;
    const factor = disease.ageFactors[ageBand(Math.max(0, age))];
    const expected = rates.total * factor;
    if (expected <= 0 || !random.chance(1 - Math.exp(-expected))) continue;
    const target = random.next() * rates.total;
    let week = 0;
    while (week < rates.cumulative.length - 1 && rates.cumulative[week]! <= target) week++;
    const monday = tables.firstMonday + 7 * week;
    const first = Math.max(monday, tables.from, birth);
    const last = Math.min(monday + 6, tables.to);
    if (first > last) continue;
    const day = random.int(first, last);
    const pick = random.weighted(disease.conditions);
    const onset = day - random.int(1, 4);
    cases.push({
      disease: disease.key,
      condition: pick.condition,
      diagnosis: {
        icd10: pick.condition.icd10,
        display: pick.condition.display,
        onset: dateOf(Math.max(onset, birth)),
      },
      day,
    });
  }
  return cases;
}
