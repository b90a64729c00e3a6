import type { Diagnosis, DuplicateRegistration, Facility, Province, Resident, Visit, VisitType } from '../model.js';
import type { Random } from '../random.js';
import { dateOf, dateTimeOf, dayOfDateTime } from './calendar.js';
import type { Condition, Regimen } from './conditions.js';
import { panel, runPanel, type LabState, type PanelKey } from './labs.js';
import type { Network } from './network.js';
import { pickRegimen, prescribe, prescriptionCodeFor } from './prescribing.js';
import { bedDayService, examinationService, SERVICES, serviceLine, type ServiceKey } from './services.js';
import { drawVitals } from './vitals.js';

/**
 * From a reason to seek care to the visits it causes: which facility the
 * patient goes to first, whether they are sent up a level (a station visit
 * with `referredTo`, then a visit at the higher level with `referredFrom`),
 * whether they are admitted, and everything recorded at each visit.
 */

/** One resident as the care generators see them. */
export interface Patient {
  province: Province;
  network: Network;
  resident: Resident;
  duplicates: readonly DuplicateRegistration[];
  /** Draws of the life history. */
  random: Random;
  /** Ids of visits, one after another. */
  ids: Random;
  birth: number;
  from: number;
  to: number;
  /** Body build, a z-score fixed for the person (weight). */
  build: number;
  hypertension: boolean;
  diabetes: boolean;
}

export interface VisitPlan {
  facility: Facility;
  type: VisitType;
  day: number;
  startMinute: number;
  /** Nights in hospital (0 for a visit that ends the same day). */
  stay: number;
  department: string;
  reason: string;
  diagnoses: Diagnosis[];
  panels: PanelKey[];
  labState: LabState;
  takeHome?: Regimen;
  inHospital?: Regimen;
  /** Chronic refills: the drugs last until the next visit. */
  fixedDays?: number;
  services: ServiceKey[];
  fever: boolean;
  controlledPressure?: boolean;
  referredFrom?: string;
  referredTo?: string;
  outcome: Visit['outcome'];
  dischargeType: Visit['dischargeType'];
  followUpDay?: number;
}

function cardValid(resident: Resident, date: string): boolean {
  const cards = resident.card ? [resident.card, ...resident.previousCards] : resident.previousCards;
  return cards.some((card) => card.validFrom <= date && date <= card.validTo);
}

/** Whether a facility takes BHYT patients: private clinics mostly do not. */
function takesInsurance(facility: Facility): boolean {
  return facility.kind !== 'private-clinic' && facility.kind !== 'pharmacy';
}

export function buildVisit(p: Patient, plan: VisitPlan): Visit {
  const { random, network, resident } = p;
  const facility = plan.facility;
  const doctor = network.doctor(facility, plan.department, random);
  const startMinute = plan.startMinute;
  const start = dateTimeOf(plan.day, startMinute);
  let endDay = plan.day + plan.stay;
  let endMinute: number;
  if (plan.stay > 0) endMinute = random.int(8 * 60, 11 * 60);
  else {
    endMinute = startMinute + random.int(20, plan.type === 'emergency' ? 240 : 120);
    if (endMinute >= 24 * 60) {
      endMinute -= 24 * 60;
      endDay += 1;
    }
  }
  if (endDay > p.to) {
    endDay = p.to;
    endMinute = 23 * 60 + 30;
  }
  if (endDay === plan.day && endMinute <= startMinute) endMinute = Math.min(24 * 60 - 1, startMinute + 15);
  const date = dateOf(plan.day);
  const ageYears = Math.max(0, (plan.day - p.birth) / 365.25);

  const orderedMinute = Math.min(startMinute + random.int(10, 45), 24 * 60 - 1);
  const labMinute = Math.min(startMinute + random.int(40, 120), 24 * 60 - 1);
  // A visit that ends the same day lasts until its orders are given and its results are in: the
  // XML 130 files place every NGAY_YL and NGAY_KQ between NGAY_VAO and NGAY_RA (130/QĐ-BYT).
  if (endDay === plan.day) {
    const last = plan.panels.length > 0 ? Math.max(orderedMinute, labMinute) : orderedMinute;
    endMinute = Math.max(endMinute, Math.min(24 * 60 - 1, last + 10));
  }
  const end = dateTimeOf(endDay, endMinute);
  const orderedAt = dateTimeOf(plan.day, orderedMinute);
  const labAt = dateTimeOf(plan.day, labMinute);
  const labs = plan.panels.flatMap((key) => runPanel(key, random, plan.labState, resident.sex, labAt));

  const inHospital =
    plan.stay > 0 ? prescribe(network, random, plan.inHospital, orderedAt, { maxDays: plan.stay }) : [];
  const takeHomeAt = plan.stay > 0 ? dateTimeOf(endDay, Math.max(0, endMinute - 30)) : orderedAt;
  const takeHome = prescribe(
    network,
    random,
    plan.takeHome,
    takeHomeAt,
    plan.fixedDays ? { fixedDays: plan.fixedDays } : {},
  );
  const drugs = [...inHospital, ...takeHome];

  const level = facility.level;
  const services = [];
  if (plan.type !== 'inpatient' || plan.referredFrom === undefined)
    services.push(serviceLine(examinationService(level), 1, start));
  for (const key of plan.panels) services.push(serviceLine(panel(key), 1, labAt));
  for (const key of plan.services) services.push(serviceLine(SERVICES[key], 1, orderedAt));
  // A same-day admission (cut short by the end of the period) still counts one bed-day.
  if (plan.stay > 0) services.push(serviceLine(bedDayService(level), Math.max(1, endDay - plan.day), end));

  const visit: Visit = {
    id: p.ids.uuid(),
    patientId: p.duplicates.find((d) => d.facilityCode === facility.code)?.id ?? resident.id,
    residentIndex: resident.index,
    facilityCode: facility.code,
    practitionerId: doctor?.id ?? '',
    department: doctor && doctor.facilityCode === facility.code ? doctor.department : plan.department,
    type: plan.type,
    start,
    end,
    reason: plan.reason,
    diagnoses: plan.diagnoses,
    labs,
    drugs,
    services,
    vitals: drawVitals(random, ageYears, resident.sex, p.build, {
      fever: plan.fever,
      hypertension: p.hypertension,
      controlled: plan.controlledPressure ?? random.chance(0.6),
    }),
    insured: takesInsurance(facility) && cardValid(resident, date),
    outcome: plan.outcome,
    dischargeType: plan.dischargeType,
  };
  if (plan.referredFrom) visit.referredFrom = plan.referredFrom;
  if (plan.referredTo) visit.referredTo = plan.referredTo;
  const code = prescriptionCodeFor(random, facility.code, takeHome);
  if (code) visit.prescriptionCode = code;
  if (plan.followUpDay !== undefined && plan.followUpDay <= p.to + 120) visit.followUp = dateOf(plan.followUpDay);
  return visit;
}

// ── Routing an episode of illness ──

export interface Episode {
  condition: Condition;
  day: number;
  diagnosis: Diagnosis;
}

/** MA_KHOA where a patient with this condition is admitted. */
function wardFor(condition: Condition, ageYears: number): string {
  const code = condition.icd10;
  if (code.startsWith('O')) return 'K27';
  if (code === 'A15.0') return 'K12';
  if (ageYears < 16) return 'K18';
  if (/^(A9|B0|U07)/.test(code)) return 'K11';
  if (code.startsWith('S') || code.startsWith('T')) return 'K24';
  if (code.startsWith('K35')) return 'K19';
  if (code.startsWith('F')) return 'K15';
  if (code.startsWith('I')) return 'K04';
  return 'K03';
}

const isHospitalLevel = (f: Facility) => f.level <= 3 && f.kind !== 'private-clinic' && f.kind !== 'pharmacy';

function firstFacility(p: Patient, condition: Condition, ageYears: number): Facility | undefined {
  const { network, random, resident } = p;
  const station = network.station(resident);
  const centre = network.centre(resident.address.communeCode, station);
  const specialtyFits = condition.specialty && (condition.specialty !== 'children' || ageYears < 16);
  const special = specialtyFits ? network.specialist(condition.specialty!) : undefined;
  const x = random.next();
  let choice: Facility | undefined;
  switch (condition.level) {
    case 'primary':
      if (special && x < 0.05) choice = special;
      else if (x < 0.62) choice = station;
      else if (x < 0.8) choice = centre;
      else if (x < 0.9) choice = network.privateClinic(resident.address.communeCode, random);
      else choice = network.hospital(random);
      break;
    case 'secondary':
      if (x < 0.4) choice = station;
      else if (x < 0.72) choice = centre;
      else if (x < 0.93) choice = special && random.chance(0.6) ? special : network.hospital(random);
      else
        choice = random.chance(0.5)
          ? network.privateHospital(random)
          : network.privateClinic(resident.address.communeCode, random);
      break;
    case 'tertiary':
      if (x < 0.35) choice = centre;
      else choice = special && random.chance(0.5) ? special : network.hospital(random);
      break;
  }
  return choice ?? station ?? centre ?? network.hospital(random);
}

function officeMinute(random: Random): number {
  return random.chance(0.7) ? random.int(7 * 60, 11 * 60) : random.int(13 * 60 + 30, 16 * 60 + 30);
}

function stayOf(random: Random, condition: Condition): number {
  const [min, max] = condition.stay ?? [3, 5];
  return random.int(min, max);
}

function admissionChance(condition: Condition, ageYears: number, referred: boolean): number {
  const frail = ageYears < 5 || ageYears >= 65 ? 1.7 : 1;
  return Math.min(0.97, condition.inpatient * frail * (referred ? 2 : 1));
}

function labsFor(p: Patient, condition: Condition, facility: Facility): PanelKey[] {
  const panels: PanelKey[] = [];
  for (const { panel: key, p: chance } of condition.labs ?? []) {
    if (facility.level === 4) {
      if (panel(key).atStation && p.random.chance(chance * 0.5)) panels.push(key);
    } else if (p.random.chance(chance)) panels.push(key);
  }
  return panels;
}

function servicesFor(p: Patient, condition: Condition, facility: Facility): ServiceKey[] {
  const keys: ServiceKey[] = [];
  for (const { service, p: chance } of condition.services ?? []) {
    const minor = SERVICES[service].group === '8' && (service === 'woundSuture' || service === 'nebulisation');
    if (facility.level === 4 && !minor) continue;
    if (p.random.chance(chance)) keys.push(service);
  }
  return keys;
}

function outpatientOutcome(random: Random): Visit['outcome'] {
  return random.chance(0.3) ? 1 : 2;
}

function inpatientOutcome(
  random: Random,
  condition: Condition,
  ageYears: number,
): Pick<VisitPlan, 'outcome' | 'dischargeType'> {
  const severe = condition.level === 'tertiary' || condition.icd10 === 'A91' || condition.icd10 === 'J18.9';
  if (severe && ageYears >= 60 && random.chance(0.03)) return { outcome: 5, dischargeType: 1 };
  if (random.chance(0.03)) return { outcome: random.chance(0.2) ? 6 : 2, dischargeType: 4 };
  const x = random.next();
  return { outcome: x < 0.42 ? 1 : x < 0.97 ? 2 : 3, dischargeType: 1 };
}

/** Treat one plan at one facility, admitting when the illness calls for it. */
function treatAt(
  p: Patient,
  episode: Episode,
  facility: Facility,
  day: number,
  ageYears: number,
  referredFrom: string | undefined,
  secondary: Diagnosis[],
  earliestMinute = 0,
): Visit {
  const { random } = p;
  const condition = episode.condition;
  const admitted =
    isHospitalLevel(facility) && random.chance(admissionChance(condition, ageYears, referredFrom !== undefined));
  const emergency = isHospitalLevel(facility) && random.chance(condition.emergency ?? 0);
  let startMinute = emergency
    ? random.int(0, 24 * 60 - 1)
    : referredFrom
      ? random.int(7 * 60, 16 * 60)
      : officeMinute(random);
  if (startMinute < earliestMinute) startMinute = Math.min(24 * 60 - 2, earliestMinute + random.int(0, 90));
  const child = ageYears < 12 && condition.childRegimens;
  const regimens = child ? condition.childRegimens! : condition.regimens;
  if (admitted) {
    const stay = Math.max(1, Math.min(stayOf(random, condition), p.to - day));
    const result = inpatientOutcome(random, condition, ageYears);
    return buildVisit(p, {
      facility,
      type: 'inpatient',
      day,
      startMinute,
      stay,
      department: wardFor(condition, ageYears),
      reason: condition.complaint,
      diagnoses: [episode.diagnosis, ...secondary],
      panels: labsFor(p, condition, facility),
      labState: condition.labState ?? 'normal',
      inHospital: pickRegimen(random, condition.inpatientRegimens ?? regimens),
      takeHome: result.outcome !== 5 && random.chance(0.4) ? pickRegimen(random, regimens) : undefined,
      services: servicesFor(p, condition, facility),
      fever: condition.fever ?? false,
      ...(referredFrom ? { referredFrom } : {}),
      ...result,
      ...(result.outcome !== 5 && random.chance(0.5) ? { followUpDay: day + stay + 7 } : {}),
    });
  }
  return buildVisit(p, {
    facility,
    type: emergency ? 'emergency' : 'outpatient',
    day,
    startMinute,
    stay: 0,
    department: emergency ? 'K02' : 'K01',
    reason: condition.complaint,
    diagnoses: [episode.diagnosis, ...secondary],
    panels: labsFor(p, condition, facility),
    labState: condition.labState ?? 'normal',
    takeHome: pickRegimen(random, regimens),
    services: servicesFor(p, condition, facility),
    fever: condition.fever ?? false,
    ...(referredFrom ? { referredFrom } : {}),
    outcome: outpatientOutcome(random),
    dischargeType: 1,
  });
}

function referralChance(condition: Condition, facility: Facility, ageYears: number): number {
  if (facility.level === 4) {
    const needsBed = admissionChance(condition, ageYears, false);
    const base =
      condition.referral ?? (condition.level === 'primary' ? 0.02 : condition.level === 'secondary' ? 0.4 : 0.95);
    return Math.min(0.97, base + needsBed * (1 - base));
  }
  if (condition.level === 'tertiary' && facility.kind !== 'provincial-general') return condition.referral ?? 0.5;
  if (facility.kind === 'private-clinic') return condition.level === 'secondary' ? 0.1 : 0;
  return 0;
}

/** The visits one episode of illness causes: one, or two when the patient is sent up a level. */
export function treatEpisode(p: Patient, episode: Episode, secondary: Diagnosis[] = []): Visit[] {
  const { random, network } = p;
  const ageYears = Math.max(0, (episode.day - p.birth) / 365.25);
  const first = firstFacility(p, episode.condition, ageYears);
  if (!first) return [];
  const condition = episode.condition;
  if (random.chance(referralChance(condition, first, ageYears))) {
    const target = network.referralTarget(
      first,
      random,
      condition.specialty && (condition.specialty !== 'children' || ageYears < 16) ? condition.specialty : undefined,
    );
    let nextDay = episode.day + (random.chance(0.7) ? 0 : 1);
    if (target && target.level < first.level && nextDay <= p.to) {
      const sent = buildVisit(p, {
        facility: first,
        type: isHospitalLevel(first) && random.chance(condition.emergency ?? 0) ? 'emergency' : 'outpatient',
        day: episode.day,
        startMinute: officeMinute(random),
        stay: 0,
        department: 'K01',
        reason: condition.complaint,
        diagnoses: [episode.diagnosis, ...secondary],
        panels: labsFor(p, condition, first),
        labState: condition.labState ?? 'normal',
        services: servicesFor(p, condition, first).filter((key) => key === 'nebulisation'),
        fever: condition.fever ?? false,
        referredTo: target.code,
        outcome: random.chance(0.7) ? 3 : 4,
        dischargeType: 2,
      });
      // The patient arrives after leaving the first facility: an hour or more later the same day, or the next day.
      const sentEnd = dayOfDateTime(sent.end);
      let earliest = 0;
      if (nextDay <= sentEnd) {
        nextDay = sentEnd;
        earliest = minuteOf(sent.end) + 45;
        if (earliest > 22 * 60 && nextDay < p.to) {
          nextDay += 1;
          earliest = 0;
        }
      }
      return [sent, treatAt(p, episode, target, nextDay, ageYears, first.code, secondary, earliest)];
    }
  }
  return [treatAt(p, episode, first, episode.day, ageYears, undefined, secondary)];
}

function minuteOf(dateTime: string): number {
  return Number(dateTime.slice(11, 13)) * 60 + Number(dateTime.slice(14, 16));
}
