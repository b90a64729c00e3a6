import type { MedicationRequest } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import { compact, fhirDateTime, fieldsExtension, lossyFields, num, practitionerRef } from './values.js';

/** XML2 fields with no MedicationRequest element: strength, registration, tender, coverage and money columns. */
export const MEDICATION_FIELDS = [
  'STT',
  'MA_PP_CHEBIEN',
  'MA_CSKCB_THUOC',
  'MA_NHOM',
  'HAM_LUONG',
  'DANG_BAO_CHE',
  'SO_DANG_KY',
  'TT_THAU',
  'PHAM_VI',
  'TYLE_TT_BH',
  'DON_GIA',
  'THANH_TIEN_BV',
  'THANH_TIEN_BH',
  'T_NGUONKHAC_NSNN',
  'T_NGUONKHAC_VTNN',
  'T_NGUONKHAC_VTTN',
  'T_NGUONKHAC_CL',
  'T_NGUONKHAC',
  'MUC_HUONG',
  'T_BNTT',
  'T_BNCCT',
  'T_BHTT',
  'MA_KHOA',
  'MA_DICH_VU',
  'NGAY_TH_YL',
  'MA_PTTT',
  'NGUON_CTRA',
  'VET_THUONG_TP',
  'DU_PHONG',
] as const;

/**
 * One drug line of XML2 as a completed MedicationRequest: what was ordered
 * (NGAY_YL), by whom (MA_BAC_SI, licence), the dose text (LIEU_DUNG), how
 * to take it (CACH_DUNG), route (DUONG_DUNG) and quantity. A line of XML 130
 * is an order that was carried out and charged, not a dispensing record, so
 * one MedicationRequest per line (not a MedicationAdministration beside it:
 * the file does not say when each dose was given); price and tender
 * information travel in EXT.xml130Fields.
 */
export function medicationRequestResource(keys: VisitKeys, row: Row, index: number): MedicationRequest {
  const stay = ['03', '04', '09'].includes(keys.summary.MA_LOAI_KCB ?? '');
  const quantity = num(row.SO_LUONG);
  const dosage = compact({
    text: row.LIEU_DUNG || undefined,
    patientInstruction: row.CACH_DUNG || undefined,
    route: row.DUONG_DUNG ? { coding: [{ system: CS.duongDung, code: row.DUONG_DUNG }] } : undefined,
  });
  return compact<MedicationRequest>({
    resourceType: 'MedicationRequest',
    id: rowId(keys.facility, keys.maLk, 'XML2', rowKey(row, index)),
    extension: fieldsExtension(row, [
      ...MEDICATION_FIELDS,
      ...lossyFields(row, { numbers: ['SO_LUONG'], single: ['MA_BAC_SI'] }),
    ]),
    status: 'completed',
    intent: 'order',
    category: [
      {
        coding: [
          stay
            ? { system: CS.medicationRequestCategory, code: 'inpatient', display: 'Inpatient' }
            : { system: CS.medicationRequestCategory, code: 'outpatient', display: 'Outpatient' },
        ],
      },
    ],
    medicationCodeableConcept: {
      coding: [compact({ system: CS.thuoc, code: row.MA_THUOC, display: row.TEN_THUOC || undefined })],
      text: row.TEN_THUOC || undefined,
    },
    subject: keys.patient,
    encounter: keys.encounter,
    authoredOn: fhirDateTime(row.NGAY_YL),
    requester: practitionerRef(row.MA_BAC_SI),
    dosageInstruction: Object.keys(dosage).length > 0 ? [dosage] : undefined,
    dispenseRequest:
      quantity !== undefined
        ? { quantity: compact({ value: quantity, unit: row.DON_VI_TINH || undefined }) }
        : undefined,
  });
}
