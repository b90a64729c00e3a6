import type { Claim, Coverage } from '@medplum/fhirtypes';
import { SID } from '@lienthong/core';
import type { VisitKeys } from './context.js';
import { rowId } from './ids.js';
import { compact, facilityRef, fhirDateTime, fieldsExtension, num } from './values.js';

/** XML1's money and settlement fields, verbatim (the decision's amounts and their breakdown). */
export const CLAIM_FIELDS = [
  'NGAY_TTOAN',
  'T_THUOC',
  'T_VTYT',
  'T_TONGCHI_BV',
  'T_TONGCHI_BH',
  'T_BNTT',
  'T_BNCCT',
  'T_BHTT',
  'T_NGUONKHAC',
  'T_BHTT_GDV',
  'NAM_QT',
  'THANG_QT',
] as const;

/**
 * The card fields of XML1 as this visit was billed: the Patient and its
 * Coverages say what the latest file said (a new card replaces an old
 * one), so the claim keeps the visit's own, and the export writes them
 * back for an older visit too.
 */
export const CLAIM_CARD_FIELDS = ['MA_THE_BHYT', 'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN'] as const;

/**
 * The visit's claim to the insurance fund (or its bill, when self-paying):
 * total T_TONGCHI_BV, the card's Coverage as focal insurance, the period of
 * the visit; the breakdown (fund, co-payment, patient, other sources) and
 * the settlement month travel verbatim.
 */
export function claimResource(keys: VisitKeys, coverage: Coverage): Claim {
  const row = keys.summary;
  const total = num(row.T_TONGCHI_BV);
  const inpatient = ['03', '04', '09'].includes(row.MA_LOAI_KCB ?? '');
  return compact<Claim>({
    resourceType: 'Claim',
    id: rowId(keys.facility, keys.maLk, 'XML1', 1, 'claim'),
    extension: fieldsExtension(row, [...CLAIM_FIELDS, ...CLAIM_CARD_FIELDS]),
    identifier: [{ system: SID.maLk(keys.facility), value: keys.maLk }],
    status: 'active',
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/claim-type',
          code: inpatient ? 'institutional' : 'professional',
        },
      ],
    },
    use: 'claim',
    patient: keys.patient,
    billablePeriod: compact({ start: fhirDateTime(row.NGAY_VAO), end: fhirDateTime(row.NGAY_RA) }),
    created: fhirDateTime(row.NGAY_TTOAN || row.NGAY_RA) ?? '',
    provider: facilityRef(keys.facility),
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${coverage.id}` } }],
    // One item for the visit, so the claim is found from its Encounter (the lines are XML2/XML3's own resources).
    item: [{ sequence: 1, productOrService: { text: 'Lượt khám chữa bệnh' }, encounter: [keys.encounter] }],
    total: total !== undefined ? { value: total, currency: 'VND' } : undefined,
  });
}
