import { ageOn, dayOf, dayOfDateTime } from './care/calendar.js';
import { DIABETES, DIABETES_MANAGED, HYPERTENSION, HYPERTENSION_MANAGED } from './care/conditions.js';
import { drawAcuteEpisodes } from './care/acute.js';
import { chronicVisits } from './care/chronic.js';
import { treatEpisode, type Patient } from './care/encounters.js';
import { networkOf } from './care/network.js';
import { drawNotifiableCases } from './care/notifiable.js';
import { ageBand } from './care/population.js';
import { pregnancyVisits } from './care/pregnancy.js';
import type { Diagnosis, DuplicateRegistration, Province, Resident, Visit } from './model.js';
import type { Random } from './random.js';

/**
 * The visits of one resident within `province.period`: everyday illness at
 * the right level of care (with referrals up), notifiable diseases with the
 * seasons and outbreaks of their commune, hypertension and diabetes refills
 * at the commune station, and pregnancy care. Every draw comes from `random`
 * (the resident's own stream), so a resident's visits do not depend on who
 * was generated before.
 */
export function drawVisits(
  province: Province,
  random: Random,
  resident: Resident,
  duplicates: readonly DuplicateRegistration[],
): Visit[] {
  const from = dayOf(province.period.from);
  const to = dayOf(province.period.to);
  const birth = dayOf(resident.birthDate);
  const first = Math.max(from, birth);
  if (first > to) return [];
  const life = random.stream('life');
  const age = Math.max(0, ageOn(resident.birthDate, from));
  const band = ageBand(age);
  const hypertension = life.chance(HYPERTENSION_MANAGED[band]);
  // Diabetes and hypertension go together more often than chance.
  const diabetes = life.chance(DIABETES_MANAGED[band] * (hypertension ? 2.5 : 0.8));
  const patient: Patient = {
    province,
    network: networkOf(province),
    resident,
    duplicates,
    random: life,
    ids: random.stream('ids'),
    birth,
    from,
    to,
    build: life.normal(),
    hypertension,
    diabetes,
  };

  const chronic: Diagnosis[] = [];
  if (hypertension) chronic.push({ icd10: HYPERTENSION.icd10, display: HYPERTENSION.display });
  if (diabetes) chronic.push({ icd10: DIABETES.icd10, display: DIABETES.display });
  const comorbid = () => chronic.filter(() => life.chance(0.4));

  const visits: Visit[] = [];
  for (const episode of drawAcuteEpisodes(life.stream('acute'), age, resident.sex, first, to)) {
    const diagnosis = { icd10: episode.condition.icd10, display: episode.condition.display };
    visits.push(...treatEpisode(patient, { condition: episode.condition, day: episode.day, diagnosis }, comorbid()));
  }
  for (const found of drawNotifiableCases(
    province,
    life.stream('notifiable'),
    resident.address.communeCode,
    age,
    birth,
  )) {
    visits.push(
      ...treatEpisode(patient, { condition: found.condition, day: found.day, diagnosis: found.diagnosis }, comorbid()),
    );
  }
  visits.push(...chronicVisits(patient));
  visits.push(...pregnancyVisits(patient, age));

  return visits
    .filter((visit) => dayOfDateTime(visit.start) >= from && dayOfDateTime(visit.end) <= to)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
}
