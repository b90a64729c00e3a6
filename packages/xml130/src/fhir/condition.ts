import type { Condition } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';
import type { VisitKeys } from './context.js';
import { rowId } from './ids.js';
import { compact, fhirDateTime, list } from './values.js';

/** Which diagnosis field a Condition comes from, in the order the Encounter lists them. */
export type DiagnosisField = 'MA_BENH_CHINH' | 'MA_BENH_KT' | 'MA_BENH_YHCT';

export interface Diagnosis {
  field: DiagnosisField;
  code: string;
  n: number;
}

/** The visit's diagnoses: the main ICD-10 code, the secondary ones, then traditional-medicine codes. */
export function diagnoses(keys: VisitKeys): Diagnosis[] {
  const row = keys.summary;
  return [
    ...list(row.MA_BENH_CHINH).map((code, n) => ({ field: 'MA_BENH_CHINH' as const, code, n })),
    ...list(row.MA_BENH_KT).map((code, n) => ({ field: 'MA_BENH_KT' as const, code, n })),
    ...list(row.MA_BENH_YHCT).map((code, n) => ({ field: 'MA_BENH_YHCT' as const, code, n })),
  ];
}

export function conditionId(keys: VisitKeys, d: Diagnosis): string {
  return rowId(keys.facility, keys.maLk, 'XML1', 1, `${d.field}/${d.n}`);
}

/**
 * One diagnosis of the visit. ICD-10 codes (4469/QĐ-BYT) in HL7's ICD-10
 * system; traditional-medicine codes (MA_BENH_YHCT) in a local system. The
 * main diagnosis is resolved when the treatment result is "cured" (1).
 */
export function conditionResource(keys: VisitKeys, d: Diagnosis): Condition {
  const row = keys.summary;
  const resolved = d.field === 'MA_BENH_CHINH' && row.KET_QUA_DTRI === '1';
  return compact<Condition>({
    resourceType: 'Condition',
    id: conditionId(keys, d),
    clinicalStatus: { coding: [{ system: CS.conditionClinical, code: resolved ? 'resolved' : 'active' }] },
    verificationStatus: { coding: [{ system: CS.conditionVerification, code: 'confirmed' }] },
    category: [
      { coding: [{ system: CS.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] },
    ],
    code: { coding: [{ system: d.field === 'MA_BENH_YHCT' ? CS.yhct : CS.icd10, code: d.code }] },
    subject: keys.patient,
    encounter: keys.encounter,
    recordedDate: fhirDateTime(row.NGAY_VAO),
  });
}
