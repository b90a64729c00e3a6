import type { Patient } from '@medplum/fhirtypes';
import {
  EXT,
  SID,
  cccdProblem,
  isValidBhytNumber,
  nameTokens,
  normalisePhone,
  parseBirthDate,
  socialInsuranceNumberOf,
  type MatchFeatures,
  type NameTokens,
} from '@lienthong/core';

/** What matching knows of a record, and what looked wrong in it. */
export interface RecordFeatures {
  features: MatchFeatures;
  warnings: string[];
}

/**
 * Reads a Patient for matching. A CCCD with an impossible structure, or one
 * that contradicts the record's birth year or sex, is not used as evidence
 * (it may be someone else's) and is reported; so is a birth date in the future.
 */
export function recordFeatures(patient: Patient, today = new Date()): RecordFeatures {
  const warnings: string[] = [];
  const names: NameTokens[] = [];
  const seen = new Set<string>();
  for (const name of patient.name ?? []) {
    const tokens = nameTokens(name);
    if (tokens && !seen.has(tokens.written)) {
      seen.add(tokens.written);
      names.push(tokens);
    }
  }
  let birthDate = parseBirthDate(patient.birthDate);
  if (birthDate && patient.birthDate! > today.toISOString().slice(0, 10)) {
    warnings.push(`birth date ${patient.birthDate} is in the future; not used for matching`);
    birthDate = undefined;
  }
  const sex = patient.gender === 'male' || patient.gender === 'female' ? patient.gender : undefined;
  let cccd: string | undefined;
  const ssns = new Set<string>();
  for (const id of patient.identifier ?? []) {
    const value = id.value?.trim();
    if (!value) continue;
    if (id.system === SID.cccd) {
      const problem = cccdProblem(value, patient.birthDate, sex);
      if (problem) warnings.push(`CCCD ${value}: ${problem}; not used for matching`);
      else cccd ??= value;
    } else if (id.system === SID.bhyt) {
      for (const card of value.split(';').map((c) => c.trim().toUpperCase())) {
        if (isValidBhytNumber(card)) ssns.add(socialInsuranceNumberOf(card));
        else if (card) warnings.push(`BHYT card ${card} is not well formed; not used for matching`);
      }
    }
  }
  const communes = new Set<string>();
  for (const address of patient.address ?? []) {
    const code = address.extension?.find((e) => e.url === EXT.dvhc)?.valueCoding?.code;
    if (code) communes.add(code);
  }
  const phones = new Set<string>();
  for (const contact of patient.telecom ?? []) {
    const phone = contact.system === 'phone' || contact.system === 'sms' ? normalisePhone(contact.value) : undefined;
    if (phone) phones.add(phone);
  }
  return {
    features: {
      names,
      ...(birthDate ? { birthDate } : {}),
      ...(sex ? { sex } : {}),
      communes: [...communes],
      phones: [...phones],
      ...(cccd ? { cccd } : {}),
      ssns: [...ssns],
    },
    warnings,
  };
}
