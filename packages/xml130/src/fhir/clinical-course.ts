import type { ClinicalImpression, Observation } from '@medplum/fhirtypes';
import type { Row } from '../read/read-table.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import {
  compact,
  fhirDateTime,
  fieldsExtension,
  lossyFields,
  num,
  practitionerRef,
  practitionerRefs,
} from './values.js';
import { parseVitalSigns, vitalSignObservation } from './vital-signs.js';

/**
 * One XML5 row — the clinical course at a moment — as a completed
 * ClinicalImpression: DIEN_BIEN_LS verbatim as its summary (the CSST<…>
 * notation included, so an export gives the row back), the stage of the
 * disease, consultation and surgery notes as notes, the clinician who wrote it.
 */
export function clinicalImpressionResource(keys: VisitKeys, row: Row, index: number): ClinicalImpression {
  const notes = [
    ['Giai đoạn bệnh', row.GIAI_DOAN_BENH],
    ['Hội chẩn', row.HOI_CHAN],
    ['Phẫu thuật', row.PHAU_THUAT],
  ].flatMap(([label, text]) => (text ? [{ text: `${label}: ${text}` }] : []));
  return compact<ClinicalImpression>({
    resourceType: 'ClinicalImpression',
    id: rowId(keys.facility, keys.maLk, 'XML5', rowKey(row, index)),
    extension: fieldsExtension(row, [
      'STT',
      'GIAI_DOAN_BENH',
      'HOI_CHAN',
      'PHAU_THUAT',
      'DU_PHONG',
      ...lossyFields(row, { single: ['NGUOI_THUC_HIEN'] }),
    ]),
    status: 'completed',
    subject: keys.patient,
    encounter: keys.encounter,
    effectiveDateTime: fhirDateTime(row.THOI_DIEM_DBLS),
    assessor: practitionerRef(row.NGUOI_THUC_HIEN),
    summary: row.DIEN_BIEN_LS || undefined,
    note: notes.length > 0 ? notes : undefined,
  });
}

/** The vital signs of an XML5 row's CSST<…> notation as Observations at the row's time. */
export function courseVitalSigns(keys: VisitKeys, row: Row, index: number): Observation[] {
  const performers = practitionerRefs(row.NGUOI_THUC_HIEN);
  return parseVitalSigns(row.DIEN_BIEN_LS ?? '').map((sign) =>
    vitalSignObservation(sign, {
      id: rowId(keys.facility, keys.maLk, 'XML5', rowKey(row, index), sign.kind),
      subject: keys.patient,
      encounter: keys.encounter,
      effectiveDateTime: fhirDateTime(row.THOI_DIEM_DBLS),
      ...(performers.length > 0 ? { performer: performers } : {}),
    }),
  );
}

/** XML1's CAN_NANG (kg at arrival) as a body-weight Observation. */
export function summaryWeight(keys: VisitKeys): Observation[] {
  const kg = num(keys.summary.CAN_NANG);
  if (kg === undefined || kg <= 0) return [];
  return [
    vitalSignObservation(
      { kind: 'weight', values: [kg] },
      {
        id: rowId(keys.facility, keys.maLk, 'XML1', 1, 'weight'),
        subject: keys.patient,
        encounter: keys.encounter,
        effectiveDateTime: fhirDateTime(keys.summary.NGAY_VAO),
      },
    ),
  ];
}
