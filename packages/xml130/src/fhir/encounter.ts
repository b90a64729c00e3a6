import type { CodeableConcept, Coding, Encounter } from '@medplum/fhirtypes';
import { CS, EXT, SID } from '@lienthong/core';
import { DISCHARGE_TYPES, TREATMENT_RESULTS, VISIT_TYPES } from '../codes.js';
import type { VisitKeys } from './context.js';
import { compact, facilityRef, fhirDateTime } from './values.js';
import { fieldsExtension } from './values.js';
import { encounterParticipants } from './practitioners.js';

/**
 * XML1 fields with no element of Encounter, carried verbatim (EXT.xml130Fields):
 * the claim's bookkeeping, the admission reason and papers, free notes.
 */
export const ENCOUNTER_FIELDS = [
  'STT',
  'LY_DO_VNT',
  'MA_LY_DO_VNT',
  'CHAN_DOAN_VAO',
  'CHAN_DOAN_RV',
  'MA_PTTT_QT',
  'MA_DOITUONG_KCB',
  'MA_TAI_NAN',
  'NGAY_VAO_NOI_TRU',
  'GIAY_CHUYEN_TUYEN',
  'SO_NGAY_DTRI',
  'PP_DIEU_TRI',
  'GHI_CHU',
  'NGAY_MIEN_CCT',
  'MA_KHUVUC',
  'CAN_NANG',
  'CAN_NANG_CON',
  'NAM_NAM_LIEN_TUC',
  'NGAY_TAI_KHAM',
  'MA_HSBA',
  'MA_TTDV',
  'DU_PHONG',
] as const;

/**
 * MA_LOAI_KCB as an HL7 encounter class: examinations and outpatient forms
 * are ambulatory (an emergency arrival, MA_DOITUONG_KCB 2, is EMER);
 * 03 and 09 inpatient; 04 day care (treated by day, home at night) a short
 * stay; 06 an observation stay at a health station.
 */
export function encounterClass(formOfCare: string, arrival: string): Coding {
  if (arrival === '2' && (formOfCare === '01' || formOfCare === '')) {
    return { system: CS.v3ActCode, code: 'EMER', display: 'emergency' };
  }
  switch (formOfCare) {
    case '03':
    case '09':
      return { system: CS.v3ActCode, code: 'IMP', display: 'inpatient encounter' };
    case '04':
      return { system: CS.v3ActCode, code: 'SS', display: 'short stay' };
    case '06':
      return { system: CS.v3ActCode, code: 'OBSENC', display: 'observation encounter' };
    default:
      return { system: CS.v3ActCode, code: 'AMB', display: 'ambulatory' };
  }
}

/** MA_LOAI_RV (and KET_QUA_DTRI 5, died) as an HL7 discharge disposition; the local code beside it. */
function dischargeDisposition(type: string, result: string): CodeableConcept | undefined {
  if (!type && result !== '5') return undefined;
  const [code, display] =
    result === '5'
      ? ['exp', 'Expired']
      : type === '2' || type === '5'
        ? ['other-hcf', 'Other healthcare facility']
        : type === '3' || type === '4'
          ? ['aadvice', 'Left against advice']
          : ['home', 'Home'];
  const local = type ? [{ system: CS.loaiRaVien, code: type, display: DISCHARGE_TYPES[type]?.vi }] : [];
  return {
    coding: [{ system: CS.dischargeDisposition, code, display }, ...local.map((c) => compact(c))],
    text: DISCHARGE_TYPES[type]?.vi ?? (result === '5' ? 'Tử vong' : undefined),
  };
}

/** The visit: MA_LK is its identifier at the facility, and its id derives from both. */
export function encounterResource(
  keys: VisitKeys,
  conditionIds: string[],
  clinicians: readonly string[] = [],
): Encounter {
  const row = keys.summary;
  const type = row.MA_LOAI_KCB ?? '';
  const from = row.MA_NOI_DI;
  const to = row.MA_NOI_DEN;
  const disposition = dischargeDisposition(row.MA_LOAI_RV ?? '', row.KET_QUA_DTRI ?? '');
  const hospitalization = compact({
    origin: from ? facilityRef(from) : undefined,
    dischargeDisposition: disposition,
    destination: to ? facilityRef(to) : undefined,
  });
  const result = row.KET_QUA_DTRI;
  const extension = [
    ...(result
      ? [
          {
            url: EXT.treatmentResult,
            valueCodeableConcept: {
              coding: [compact({ system: CS.ketQuaDieuTri, code: result, display: TREATMENT_RESULTS[result]?.vi })],
            },
          },
        ]
      : []),
    ...fieldsExtension(row, ENCOUNTER_FIELDS),
  ];
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: keys.encounterId,
    extension: extension.length > 0 ? extension : undefined,
    identifier: [{ use: 'official', system: SID.maLk(keys.facility), value: keys.maLk }],
    status: 'finished',
    class: encounterClass(type, row.MA_DOITUONG_KCB ?? ''),
    type: type
      ? [{ coding: [compact({ system: CS.loaiKcb, code: type, display: VISIT_TYPES[type]?.vi })] }]
      : undefined,
    priority:
      row.MA_DOITUONG_KCB === '2'
        ? { coding: [{ system: CS.v3ActPriority, code: 'EM', display: 'emergency' }] }
        : undefined,
    serviceType: row.MA_KHOA ? { coding: [{ system: CS.maKhoa, code: row.MA_KHOA }], text: row.MA_KHOA } : undefined,
    subject: keys.patient,
    participant: encounterParticipants(clinicians),
    period: compact({ start: fhirDateTime(row.NGAY_VAO), end: fhirDateTime(row.NGAY_RA) }),
    reasonCode: row.LY_DO_VV ? [{ text: row.LY_DO_VV }] : undefined,
    diagnosis:
      conditionIds.length > 0
        ? conditionIds.map((id, n) => ({
            condition: { reference: `Condition/${id}` },
            use: {
              coding: [
                n === 0
                  ? { system: CS.diagnosisRole, code: 'DD', display: 'Discharge diagnosis' }
                  : { system: CS.diagnosisRole, code: 'CM', display: 'Comorbidity diagnosis' },
              ],
            },
            rank: n + 1,
          }))
        : undefined,
    hospitalization: Object.keys(hospitalization).length > 0 ? hospitalization : undefined,
    serviceProvider: facilityRef(keys.facility),
  });
}
