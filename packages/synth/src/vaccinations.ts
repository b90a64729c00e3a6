import { dateOf, dayOf } from './care/calendar.js';
import { networkOf } from './care/network.js';
import { lotOf, VACCINES, type VaccineKey } from './care/vaccines.js';
import type { Facility, Province, Resident, Vaccination } from './model.js';
import { Random } from './random.js';

/**
 * A resident's immunization record: the EPI (TCMR) schedule for children
 * born within the last six years, and the COVID-19 campaign of 2021–2022.
 *
 * EPI doses come in sessions (birth, 2, 3, 4, 5, 9, 12 and 18 months, JE
 * boosters); each dose is given with its conditional coverage (about 90–95 %
 * for the first doses, less for boosters, less again in some communes), often
 * a little late, and a child who misses a dose of a series drops out of that
 * series. Doses are never before birth nor after the end of the period.
 */

interface Dose {
  key: VaccineKey;
  /** Series the dose number counts in (the DTP booster is the 4th DTP-containing dose; MR the 2nd measles dose). */
  series: string;
  doseNumber: number;
  /** Chance of the dose given the previous one of its series. */
  coverage: number;
  /** Days after the previous dose of the series, at least. */
  minGap?: number;
}

interface Session {
  ageDays: number;
  doses: Dose[];
  /** Birth doses are given where the child is born. */
  atBirth?: boolean;
}

const SESSIONS: Session[] = [
  {
    ageDays: 0,
    atBirth: true,
    doses: [
      { key: 'hepb-birth', series: 'hepb-birth', doseNumber: 1, coverage: 0.85 },
      { key: 'bcg', series: 'bcg', doseNumber: 1, coverage: 0.95 },
    ],
  },
  {
    ageDays: 61,
    doses: [
      { key: 'penta', series: 'dtp', doseNumber: 1, coverage: 0.96 },
      { key: 'bopv', series: 'polio', doseNumber: 1, coverage: 0.96 },
    ],
  },
  {
    ageDays: 91,
    doses: [
      { key: 'penta', series: 'dtp', doseNumber: 2, coverage: 0.98, minGap: 28 },
      { key: 'bopv', series: 'polio', doseNumber: 2, coverage: 0.98, minGap: 28 },
    ],
  },
  {
    ageDays: 122,
    doses: [
      { key: 'penta', series: 'dtp', doseNumber: 3, coverage: 0.97, minGap: 28 },
      { key: 'bopv', series: 'polio', doseNumber: 3, coverage: 0.97, minGap: 28 },
    ],
  },
  { ageDays: 152, doses: [{ key: 'ipv', series: 'ipv', doseNumber: 1, coverage: 0.9 }] },
  { ageDays: 274, doses: [{ key: 'measles', series: 'measles', doseNumber: 1, coverage: 0.95 }] },
  { ageDays: 365, doses: [{ key: 'je', series: 'je', doseNumber: 1, coverage: 0.88 }] },
  { ageDays: 375, doses: [{ key: 'je', series: 'je', doseNumber: 2, coverage: 0.95, minGap: 7 }] },
  {
    ageDays: 548,
    doses: [
      { key: 'dtp', series: 'dtp', doseNumber: 4, coverage: 0.92, minGap: 180 },
      { key: 'mr', series: 'measles', doseNumber: 2, coverage: 0.92, minGap: 28 },
    ],
  },
  { ageDays: 730, doses: [{ key: 'je', series: 'je', doseNumber: 3, coverage: 0.85, minGap: 330 }] },
];

const EPI_YEARS = 6;

const communeFactors = new WeakMap<Province, Map<string, number>>();

/** Coverage multiplier of a commune: rural communes a little lower, one in five clearly lower. */
function communeFactor(province: Province, communeCode: string): number {
  let map = communeFactors.get(province);
  if (!map) {
    map = new Map();
    communeFactors.set(province, map);
  }
  let factor = map.get(communeCode);
  if (factor === undefined) {
    const r = Random.seeded(province.seed).stream('epi-coverage', communeCode);
    const rural = province.communeByCode.get(communeCode)?.kind === 'commune';
    factor = (rural ? 0.97 : 1) * (r.chance(0.2) ? 0.9 : 1);
    map.set(communeCode, factor);
  }
  return factor;
}

/** Days late: most on time, some a week or two, a few months. */
function delay(random: Random): number {
  const x = random.next();
  if (x < 0.6) return 0;
  if (x < 0.85) return random.int(1, 14);
  if (x < 0.97) return random.int(15, 60);
  return random.int(61, 180);
}

export function drawVaccinations(province: Province, random: Random, resident: Resident): Vaccination[] {
  const network = networkOf(province);
  const ids = random.stream('ids');
  const r = random.stream('doses');
  const birth = dayOf(resident.birthDate);
  const to = dayOf(province.period.to);
  const station = network.station(resident);
  const centre = network.centre(resident.address.communeCode, station);
  const out: Vaccination[] = [];

  const give = (key: VaccineKey, doseNumber: number, day: number, facility: Facility | undefined) => {
    const at = facility ?? station ?? centre;
    if (!at || day < birth || day > to) return false;
    const date = dateOf(day);
    out.push({
      id: ids.uuid(),
      patientId: resident.id,
      residentIndex: resident.index,
      vaccine: { cvx: VACCINES[key].cvx, name: VACCINES[key].name, disease: VACCINES[key].disease },
      doseNumber,
      date,
      facilityCode: at.code,
      lot: lotOf(province, key, date, r.int(0, 2)),
    });
    return true;
  };

  // ── EPI for young children ──
  if (birth > to - Math.round(EPI_YEARS * 365.25) && birth <= to) {
    const factor = communeFactor(province, resident.address.communeCode);
    const bornAt = r.chance(0.7) ? (centre ?? network.hospital(r)) : station;
    const last = new Map<string, number>();
    const dropped = new Set<string>();
    for (const session of SESSIONS) {
      const scheduled = birth + session.ageDays;
      if (scheduled > to) break;
      const sessionDay = session.atBirth ? birth + (r.chance(0.85) ? 0 : r.int(1, 7)) : scheduled + delay(r);
      for (const dose of session.doses) {
        if (dropped.has(dose.series)) continue;
        if (!r.chance(Math.min(1, dose.coverage * factor))) {
          dropped.add(dose.series);
          continue;
        }
        const previous = last.get(dose.series);
        let day = sessionDay;
        if (dose.key === 'bcg' && r.chance(0.2)) day = birth + r.int(1, 30); // BCG is often given at the station in the first month
        if (previous !== undefined) day = Math.max(day, previous + (dose.minGap ?? 28));
        const facility = session.atBirth && dose.key === 'hepb-birth' ? bornAt : r.chance(0.9) ? station : centre;
        if (give(dose.key, dose.doseNumber, day, facility)) last.set(dose.series, day);
        else dropped.add(dose.series);
      }
    }
  }

  // ── COVID-19, 2021–2022 ──
  const place = () => (r.chance(0.8) ? station : centre);
  const adultFrom = dayOf('2021-07-15');
  if (adultFrom - birth >= Math.round(18 * 365.25) && r.chance(0.9)) {
    const x = r.next();
    const first: VaccineKey =
      x < 0.35 ? 'covid-az' : x < 0.7 ? 'covid-sinopharm' : x < 0.92 ? 'covid-pfizer' : 'covid-moderna';
    // Đồng Nai's mass campaign ran August–October 2021.
    const day1 = r.chance(0.8)
      ? r.int(dayOf('2021-08-01'), dayOf('2021-10-15'))
      : r.int(adultFrom, dayOf('2021-11-30'));
    give(first, 1, day1, place());
    if (r.chance(0.944)) {
      const gap = first === 'covid-az' ? r.int(56, 84) : first === 'covid-sinopharm' ? r.int(21, 35) : r.int(21, 42);
      const day2 = day1 + gap;
      give(r.chance(0.95) ? first : 'covid-pfizer', 2, day2, place());
      if (r.chance(0.647)) {
        const y = r.next();
        const booster: VaccineKey = y < 0.5 ? 'covid-pfizer' : y < 0.8 ? 'covid-az' : 'covid-moderna';
        const day3 = Math.max(day2 + 90, r.int(dayOf('2022-01-01'), dayOf('2022-06-30')));
        give(booster, 3, day3, place());
      }
    }
  }
  const childFrom = dayOf('2022-04-15');
  const childAge = (childFrom - birth) / 365.25;
  if (childAge >= 5 && childAge < 12 && r.chance(0.6)) {
    const day1 = r.int(childFrom, dayOf('2022-08-31'));
    give('covid-pfizer-child', 1, day1, place());
    if (r.chance(0.6)) give('covid-pfizer-child', 2, day1 + r.int(21, 56), place());
  }

  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}
