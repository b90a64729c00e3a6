import type { Facility, Visit } from '../model.js';
import {
  ANTENATAL,
  ANTENATAL_REGIMEN,
  CAESAREAN,
  CAESAREAN_REGIMEN,
  DELIVERY,
  DELIVERY_REGIMEN,
  pregnancyChance,
} from './conditions.js';
import { buildVisit, type Patient } from './encounters.js';
import type { PanelKey } from './labs.js';
import type { ServiceKey } from './services.js';

/**
 * A pregnancy that overlaps the period: antenatal checks (Z34.9) at about
 * 12, 22, 28, 32 and 36 weeks, mostly at the commune station or the medical
 * centre, with iron and calcium, an ultrasound and a few blood tests; and the
 * delivery (O80, or O82 by caesarean) as a short inpatient stay.
 */

const CHECK_WEEKS: [number, number][] = [
  [8, 12],
  [20, 24],
  [26, 28],
  [31, 33],
  [35, 37],
];

export function pregnancyVisits(p: Patient, ageAtStart: number): Visit[] {
  const { random, network, resident } = p;
  if (resident.sex !== 'female' || !random.chance(pregnancyChance(ageAtStart))) return [];
  const due = random.int(p.from, p.to + 270);
  const conception = due - 280;
  const station = network.station(resident);
  const centre = network.centre(resident.address.communeCode, station);
  const visits: Visit[] = [];

  CHECK_WEEKS.forEach(([min, max], n) => {
    const day = conception + 7 * random.int(min, max) + random.int(0, 6);
    if (day < p.from || day > p.to || !random.chance(0.8)) return;
    const x = random.next();
    const facility: Facility | undefined =
      x < 0.45
        ? station
        : x < 0.8
          ? centre
          : x < 0.92
            ? network.privateClinic(resident.address.communeCode, random)
            : network.hospital(random);
    const at = facility ?? station ?? centre;
    if (!at) return;
    const panels: PanelKey[] = [];
    if (at.level === 4) {
      if (random.chance(0.3)) panels.push('urine');
    } else {
      if (n === 0 || n === 2) panels.push('cbc');
      if (n === 2) panels.push('glucose');
      if (random.chance(0.3)) panels.push('urine');
    }
    const services: ServiceKey[] = at.level < 4 && random.chance(0.75) ? ['obstetricUltrasound'] : [];
    visits.push(
      buildVisit(p, {
        facility: at,
        type: 'outpatient',
        day,
        startMinute: random.int(7 * 60, 16 * 60),
        stay: 0,
        department: at.level === 4 ? 'K01' : 'K27',
        reason: 'Khám thai định kỳ',
        diagnoses: [{ icd10: ANTENATAL.icd10, display: ANTENATAL.display }],
        panels,
        labState: 'pregnancy',
        takeHome: ANTENATAL_REGIMEN,
        fixedDays: 30,
        services,
        fever: false,
        outcome: 2,
        dischargeType: 1,
      }),
    );
  });

  const birth = due + random.int(-14, 7);
  if (birth >= p.from && birth <= p.to - 1) {
    const x = random.next();
    const place =
      (x < 0.45 ? centre : x < 0.88 ? network.hospital(random) : network.privateHospital(random)) ??
      centre ??
      network.hospital(random);
    if (place && place.level <= 3) {
      const caesarean = random.chance(0.3);
      const stay = Math.min(caesarean ? random.int(4, 6) : random.int(2, 3), p.to - birth);
      visits.push(
        buildVisit(p, {
          facility: place,
          type: 'inpatient',
          day: birth,
          startMinute: random.int(0, 24 * 60 - 1),
          stay: Math.max(1, stay),
          department: 'K27',
          reason: 'Chuyển dạ',
          diagnoses: [
            caesarean
              ? { icd10: CAESAREAN.icd10, display: CAESAREAN.display }
              : { icd10: DELIVERY.icd10, display: DELIVERY.display },
          ],
          panels: random.chance(0.8) ? ['cbc'] : [],
          labState: 'pregnancy',
          inHospital: caesarean ? CAESAREAN_REGIMEN : DELIVERY_REGIMEN,
          takeHome: random.chance(0.5) ? ANTENATAL_REGIMEN : undefined,
          services: [caesarean ? 'caesarean' : 'delivery'],
          fever: false,
          outcome: random.chance(0.6) ? 1 : 2,
          dischargeType: 1,
        }),
      );
    }
  }
  return visits;
}
