import { DRUG_CATALOGUE } from '../drugs.js';
import type { Drug, Facility, FacilityKind, HealthWorker, Province, Resident } from '../model.js';
import { WeightedTable, type Random } from '../random.js';

/**
 * The province's care network seen from a patient: their commune's health
 * station, the medical centre it belongs to, the hospitals above, the
 * specialist hospitals, private clinics and pharmacies nearby, and the doctors
 * of each. Built once per province (the lookups every visit needs) and kept
 * beside it.
 */
export interface Network {
  station(resident: Resident): Facility | undefined;
  /** The medical centre (level 3) above a station or serving a commune. */
  centre(communeCode: string, station?: Facility): Facility | undefined;
  /** A public general hospital, by size. */
  hospital(random: Random): Facility | undefined;
  specialist(specialty: string): Facility | undefined;
  privateClinic(communeCode: string, random: Random): Facility | undefined;
  privateHospital(random: Random): Facility | undefined;
  /** A facility of a strictly higher level (smaller number) to refer a patient to. */
  referralTarget(from: Facility, random: Random, specialty?: string): Facility | undefined;
  pharmacyNear(communeCode: string, random: Random): Facility | undefined;
  pharmacies(): readonly Facility[];
  /** A doctor of the facility, preferably of the department (falls back to any doctor). */
  doctor(facility: Facility, department: string, random: Random): HealthWorker | undefined;
  drug(name: string): Drug;
}

const cache = new WeakMap<Province, Network>();

export function networkOf(province: Province): Network {
  let network = cache.get(province);
  if (!network) {
    network = build(province);
    cache.set(province, network);
  }
  return network;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function table(facilities: readonly Facility[]): WeightedTable<Facility> | undefined {
  return facilities.length > 0 ? new WeightedTable(facilities, (f) => Math.max(f.size, 1e-6)) : undefined;
}

function build(province: Province): Network {
  const facilities = [...province.facilities].sort((a, b) => a.code.localeCompare(b.code));
  const ofKind = (...kinds: FacilityKind[]) => facilities.filter((f) => kinds.includes(f.kind));
  const stations = ofKind('health-station');
  const centres = ofKind('medical-centre');
  const generals = ofKind('provincial-general', 'regional-general');
  const specialists = ofKind('specialist-hospital');
  const clinics = ofKind('private-clinic');
  const privateHospitals = ofKind('private-hospital');
  const pharmacies = ofKind('pharmacy');

  const stationByCommune = new Map<string, Facility>();
  for (const station of stations)
    if (!stationByCommune.has(station.communeCode)) stationByCommune.set(station.communeCode, station);
  const centreByCommune = new Map<string, Facility>();
  for (const centre of centres)
    if (!centreByCommune.has(centre.communeCode)) centreByCommune.set(centre.communeCode, centre);
  const clinicsByCommune = groupBy(clinics, (f) => f.communeCode);
  const pharmaciesByCommune = groupBy(pharmacies, (f) => f.communeCode);
  const specialistBy = new Map<string, Facility>();
  for (const f of specialists) if (f.specialty && !specialistBy.has(f.specialty)) specialistBy.set(f.specialty, f);

  const centreTable = table(centres);
  const generalTable = table(generals);
  const clinicTable = table(clinics);
  const privateTable = table(privateHospitals);
  const pharmacyTable = table(pharmacies);
  const hospitalsAbove = (level: number) =>
    table(
      facilities.filter(
        (f) =>
          f.level < level &&
          (f.kind === 'provincial-general' || f.kind === 'regional-general' || f.kind === 'medical-centre'),
      ),
    );
  const aboveStation = hospitalsAbove(4);
  const aboveCentre = hospitalsAbove(3);

  const workers = [...province.workers].sort((a, b) => a.id.localeCompare(b.id));
  const doctors = workers.filter((w) => w.role === 'doctor');
  const doctorsByFacility = groupBy(doctors, (w) => w.facilityCode);
  const doctorsByDepartment = groupBy(doctors, (w) => `${w.facilityCode}|${w.department}`);
  const drugs = new Map<string, Drug>();
  for (const drug of DRUG_CATALOGUE) drugs.set(drug.name, drug);
  for (const drug of province.drugs) drugs.set(drug.name, drug);

  const centre = (communeCode: string, station?: Facility): Facility | undefined => {
    const parent = station?.partOf ? province.facilityByCode.get(station.partOf) : undefined;
    if (parent && parent.level === 3) return parent;
    return (
      centreByCommune.get(communeCode) ?? (centreTable ? centres[hashPick(communeCode, centres.length)] : undefined)
    );
  };

  return {
    station(resident) {
      const primary = province.facilityByCode.get(resident.primaryCare);
      if (primary?.kind === 'health-station') return primary;
      const home = stationByCommune.get(resident.address.communeCode);
      if (home) return home;
      return stations.length > 0 ? stations[hashPick(resident.address.communeCode, stations.length)] : undefined;
    },
    centre,
    hospital: (random) => generalTable?.draw(random),
    specialist: (specialty) => specialistBy.get(specialty),
    privateClinic(communeCode, random) {
      const near = clinicsByCommune.get(communeCode);
      if (near && random.chance(0.7)) return random.pick(near);
      return clinicTable?.draw(random);
    },
    privateHospital: (random) => privateTable?.draw(random),
    referralTarget(from, random, specialty) {
      const special = specialty ? specialistBy.get(specialty) : undefined;
      if (special && special.level < from.level && random.chance(0.6)) return special;
      if (from.level === 4) {
        const parent = centre(from.communeCode, from);
        if (parent && parent.level < from.level && random.chance(0.75)) return parent;
        return aboveStation?.draw(random);
      }
      if (from.level === 3) return aboveCentre?.draw(random);
      return undefined;
    },
    pharmacyNear(communeCode, random) {
      const near = pharmaciesByCommune.get(communeCode);
      if (near && random.chance(0.85)) return random.pick(near);
      return pharmacyTable?.draw(random);
    },
    pharmacies: () => pharmacies,
    doctor(facility, department, random) {
      const inDepartment = doctorsByDepartment.get(`${facility.code}|${department}`);
      if (inDepartment) return random.pick(inDepartment);
      const here = doctorsByFacility.get(facility.code) ?? doctorsByFacility.get(facility.partOf ?? '');
      if (here) return random.pick(here);
      return doctors.length > 0 ? random.pick(doctors) : undefined;
    },
    drug(name) {
      const drug = drugs.get(name);
      if (!drug) throw new Error(`no drug named ${name}`);
      return drug;
    },
  };
}

/** A stable index for a key (the same commune always falls back to the same facility). */
function hashPick(key: string, length: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % length;
}
