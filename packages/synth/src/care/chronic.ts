import type { Diagnosis, Visit } from '../model.js';
import { weekdayOf } from './calendar.js';
import { ANTIDIABETICS, ANTIHYPERTENSIVES, DIABETES, HYPERTENSION, type Regimen } from './conditions.js';
import { buildVisit, type Patient } from './encounters.js';
import type { PanelKey } from './labs.js';
import { pickRegimen } from './prescribing.js';

/**
 * Hypertension and type-2 diabetes as the commune stations manage them: the
 * patient comes back every one to three months for a check and a refill that
 * lasts until the next visit, misses one now and then, and once a year has
 * blood tests at the medical centre.
 */

const INTERVALS = [
  { days: 30, weight: 0.45 },
  { days: 60, weight: 0.35 },
  { days: 90, weight: 0.2 },
];

export function chronicVisits(p: Patient): Visit[] {
  if (!p.hypertension && !p.diabetes) return [];
  const { random, network, resident } = p;
  const station = network.station(resident);
  const centre = network.centre(resident.address.communeCode, station);
  const usual = random.chance(0.88) ? (station ?? centre) : (centre ?? station);
  if (!usual) return [];

  let x = random.next();
  const interval = INTERVALS.find((i) => (x -= i.weight) < 0)?.days ?? 30;
  const lines = [
    ...(p.hypertension ? (pickRegimen(random, ANTIHYPERTENSIVES)?.lines ?? []) : []),
    ...(p.diabetes ? (pickRegimen(random, ANTIDIABETICS)?.lines ?? []) : []),
  ];
  const regimen: Regimen = { weight: 1, lines };
  const controlled = random.chance(0.55);
  const hypertension: Diagnosis = { icd10: HYPERTENSION.icd10, display: HYPERTENSION.display };
  const diabetes: Diagnosis = { icd10: DIABETES.icd10, display: DIABETES.display };
  const mainIsDiabetes = p.diabetes && (!p.hypertension || random.chance(0.5));
  const diagnoses = mainIsDiabetes
    ? p.hypertension
      ? [diabetes, hypertension]
      : [diabetes]
    : p.diabetes
      ? [hypertension, diabetes]
      : [hypertension];

  const start = Math.max(p.from, p.birth);
  const days: number[] = [];
  for (let day = start + random.int(0, interval - 1); day <= p.to; day += interval + random.int(-3, 3)) {
    if (random.chance(0.08)) continue; // a missed refill
    let visitDay = day;
    if (weekdayOf(visitDay) === 0) visitDay = Math.min(p.to, visitDay + 1);
    days.push(visitDay);
  }
  const annual = days.length > 0 && random.chance(0.5) ? random.int(0, days.length - 1) : -1;

  return days.map((day, n) => {
    const checkUp = n === annual;
    const facility = checkUp ? (centre ?? usual) : usual;
    const panels: PanelKey[] = [];
    if (checkUp) {
      if (p.diabetes) panels.push('glucose', 'hba1c');
      panels.push('renal', 'lipids');
    } else if (p.diabetes && facility.level === 4 && random.chance(0.35)) panels.push('glucose-capillary');
    else if (p.diabetes && facility.level < 4 && random.chance(0.3)) panels.push('glucose');
    return buildVisit(p, {
      facility,
      type: 'outpatient',
      day,
      startMinute: random.int(7 * 60, 10 * 60 + 30),
      stay: 0,
      department: 'K01',
      reason: checkUp ? 'Khám định kỳ, xét nghiệm kiểm tra' : 'Tái khám, lĩnh thuốc định kỳ',
      diagnoses,
      panels,
      labState: p.diabetes ? (controlled ? 'diabetes-controlled' : 'diabetes') : 'normal',
      takeHome: regimen,
      fixedDays: interval,
      services: checkUp && p.hypertension && random.chance(0.5) ? ['ecg'] : [],
      fever: false,
      controlledPressure: controlled,
      outcome: 2,
      dischargeType: 1,
      followUpDay: day + interval,
    });
  });
}
