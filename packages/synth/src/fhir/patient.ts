import type { Identifier, Organization, Patient, Reference } from '@medplum/fhirtypes';
import type { DuplicateRegistration, InsuranceCard, Province, Resident } from '../model.js';
import { organizationRef } from './lookup.js';
import { ethnicityExtension, humanName, vnAddress } from './person.js';
import { CS, SID } from './systems.js';

/*
 * Identifier types (v2 table 0203), so a receiver that does not know our
 * systems still knows what each number is:
 * - CCCD → "NI" (national unique individual identifier). "NNVNM" (the NNxxx
 *   pattern with Vietnam's ISO code) would say the same, but it is a pattern,
 *   not a code of the table, and validators that enumerate the table reject it.
 * - BHYT card → "HC" (health card number).
 * - MA_BN → "MR" (medical record number), one per facility: the system names
 *   the facility. A facility's MA_BN is the id of the Patient it registered
 *   (as MA_LK is the Encounter's id), so XML 130 files and FHIR agree.
 */
const TYPE_NI = { coding: [{ system: CS.v2IdentifierType, code: 'NI' }], text: 'CCCD' };
const TYPE_HC = { coding: [{ system: CS.v2IdentifierType, code: 'HC' }], text: 'Thẻ BHYT' };
const TYPE_MR = { coding: [{ system: CS.v2IdentifierType, code: 'MR' }], text: 'Mã bệnh nhân' };

function cccdIdentifier(cccd: string): Identifier {
  return { use: 'official', type: TYPE_NI, system: SID.cccd, value: cccd };
}

/** A BHYT card with its validity; an earlier card is `use: old`, its period ended. */
function cardIdentifier(card: InsuranceCard, use: 'official' | 'old'): Identifier {
  return {
    use,
    type: TYPE_HC,
    system: SID.bhyt,
    value: card.number,
    period: { start: card.validFrom, end: card.validTo },
  };
}

function patientNumber(patientId: string, facilityCode: string): Identifier {
  return { use: 'usual', type: TYPE_MR, system: SID.maBn(facilityCode), value: patientId };
}

/** MA_DKBD, the card's primary-care facility, is the patient's "general practitioner" in FHIR terms. */
function generalPractitioner(
  province: Province,
  card: InsuranceCard | undefined,
): { generalPractitioner?: Reference<Organization>[] } {
  return card ? { generalPractitioner: [organizationRef(province, card.registeredFacility)] } : {};
}

/** The resident as their primary-care facility registered them: the true record. */
export function patientResource(province: Province, resident: Resident): Patient {
  const identifier: Identifier[] = [cccdIdentifier(resident.cccd)];
  if (resident.card) identifier.push(cardIdentifier(resident.card, 'official'));
  for (const card of resident.previousCards) identifier.push(cardIdentifier(card, 'old'));
  identifier.push(patientNumber(resident.id, resident.primaryCare));
  return {
    resourceType: 'Patient',
    id: resident.id,
    extension: [ethnicityExtension(resident.ethnicity)],
    identifier,
    active: true,
    name: [humanName(resident.name)],
    ...(resident.phone ? { telecom: [{ system: 'phone', value: resident.phone, use: 'mobile' }] } : {}),
    gender: resident.sex,
    birthDate: resident.birthDate,
    address: [vnAddress(province, resident.address, 'home')],
    ...generalPractitioner(province, resident.card),
    managingOrganization: organizationRef(province, resident.primaryCare),
  };
}

/**
 * The same person registered again at another facility, with that desk's
 * mistakes: only what the registration holds (no CCCD when it was not
 * taken, the old card when that is what was shown). Sex and ethnicity are
 * not among the recorded variations, so they are the resident's when the
 * resident is given; without it the Patient has neither.
 */
export function duplicatePatientResource(province: Province, dup: DuplicateRegistration, resident?: Resident): Patient {
  const identifier: Identifier[] = [];
  if (dup.cccd) identifier.push(cccdIdentifier(dup.cccd));
  if (dup.card) identifier.push(cardIdentifier(dup.card, 'official'));
  identifier.push(patientNumber(dup.id, dup.facilityCode));
  return {
    resourceType: 'Patient',
    id: dup.id,
    ...(resident ? { extension: [ethnicityExtension(resident.ethnicity)] } : {}),
    identifier,
    active: true,
    name: [humanName(dup.name)],
    ...(dup.phone ? { telecom: [{ system: 'phone', value: dup.phone, use: 'mobile' }] } : {}),
    ...(resident ? { gender: resident.sex } : {}),
    birthDate: dup.birthDate,
    address: [vnAddress(province, dup.address, 'home')],
    ...generalPractitioner(province, dup.card),
    managingOrganization: organizationRef(province, dup.facilityCode),
  };
}
