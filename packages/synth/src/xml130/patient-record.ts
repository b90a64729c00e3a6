import type { InsuranceCard, PersonName, ResidentLife, Sex, Visit } from '../model.js';

/**
 * What the facility's HIS holds about the patient of a visit: the resident's
 * own registration, or — when the visit references a duplicate registration —
 * the duplicate with its misspelt name, missing CCCD or old card. The file
 * carries what the facility holds, never the truth.
 */
export interface FacilityPatient {
  id: string;
  name: PersonName;
  sex: Sex;
  birthDate: string;
  cccd?: string;
  card?: InsuranceCard;
  phone?: string;
  address: { communeCode: string; line: string };
  ethnicity: string;
}

export function facilityPatient(life: ResidentLife, visit: Visit): FacilityPatient {
  const { resident } = life;
  if (visit.patientId === resident.id) {
    return {
      id: resident.id,
      name: resident.name,
      sex: resident.sex,
      birthDate: resident.birthDate,
      cccd: resident.cccd,
      card: resident.card,
      phone: resident.phone,
      address: resident.address,
      ethnicity: resident.ethnicity,
    };
  }
  const duplicate = life.duplicates.find((d) => d.id === visit.patientId);
  if (!duplicate) {
    throw new Error(
      `visit ${visit.id} references patient ${visit.patientId}, who is neither resident ${resident.index} nor one of their duplicates`,
    );
  }
  return {
    id: duplicate.id,
    name: duplicate.name,
    sex: resident.sex,
    birthDate: duplicate.birthDate,
    cccd: duplicate.cccd,
    // A desk that registered no card still looks the card up before it claims an insured visit.
    card: duplicate.card ?? (visit.insured ? resident.card : undefined),
    phone: duplicate.phone,
    address: duplicate.address,
    ethnicity: resident.ethnicity,
  };
}

/** "Nguyễn Thị Mai", or "Lê Hùng" without a middle name. */
export function fullName(name: PersonName): string {
  return [name.family, name.middle, name.given]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}
