import type { Appointment, ServiceRequest } from '@medplum/fhirtypes';
import { CS, SID } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { XML13, XML14 } from '../tables.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import {
  compact,
  facilityRef,
  fhirDate,
  fhirDateTime,
  fieldsExtension,
  list,
  lossyFields,
  practitionerRef,
  practitionerRefs,
} from './values.js';

const REFERRAL = { system: CS.snomed, code: '3457005', display: 'Patient referral' };

/** The fields a mapping expresses itself; the others of the table go verbatim in EXT.xml130Fields. */
const rest = (fields: readonly string[], mapped: readonly string[]) => fields.filter((f) => !mapped.includes(f));

/**
 * XML13, the referral paper (4750/QĐ-BYT), as the completed order sending
 * the patient on: its number as identifier, the receiving facility
 * (MA_NOI_DEN) as performer — which gives that facility a care relationship
 * before the patient arrives — the main diagnosis as reason, the doctor.
 * The clinical summary fields travel verbatim.
 */
export function referralResource(keys: VisitKeys, row: Row, index: number): ServiceRequest {
  const number = row.GIAY_CHUYEN_TUYEN || row.SO_CHUYENTUYEN;
  const to = row.MA_NOI_DEN;
  return compact<ServiceRequest>({
    resourceType: 'ServiceRequest',
    id: rowId(keys.facility, keys.maLk, 'XML13', rowKey(row, index)),
    extension: fieldsExtension(row, [
      ...rest(XML13.fields, ['MA_LK', 'MA_NOI_DEN', 'MA_BAC_SI', 'MA_BENH_CHINH']),
      ...lossyFields(row, { single: ['MA_BAC_SI'] }),
    ]),
    identifier: number ? [{ system: SID.chuyenTuyen(keys.facility), value: number }] : undefined,
    status: 'completed',
    intent: 'order',
    category: [{ coding: [REFERRAL], text: 'Chuyển tuyến' }],
    code: { coding: [REFERRAL], text: 'Chuyển tuyến' },
    subject: keys.patient,
    encounter: keys.encounter,
    authoredOn: fhirDateTime(row.NGAY_RA || keys.summary.NGAY_RA),
    requester: practitionerRef(row.MA_BAC_SI),
    performer: to ? [facilityRef(to)] : undefined,
    reasonCode: row.MA_BENH_CHINH ? [{ coding: [{ system: CS.icd10, code: row.MA_BENH_CHINH }] }] : undefined,
  });
}

/**
 * XML14, the re-examination appointment paper, as a proposed Appointment:
 * the day (NGAY_HEN_KL) as requested period — the paper gives a day, not a
 * time, and R4 needs an instant for `start`; a paper that gives the time
 * too (yyyymmddHHMM) keeps it — the patient and the doctors as participants.
 */
export function appointmentResource(keys: VisitKeys, row: Row, index: number): Appointment {
  const day = fhirDateTime(row.NGAY_HEN_KL) ?? fhirDate(row.NGAY_HEN_KL);
  const codes = [...list(row.MA_BENH_CHINH), ...list(row.MA_BENH_KT)];
  return compact<Appointment>({
    resourceType: 'Appointment',
    id: rowId(keys.facility, keys.maLk, 'XML14', rowKey(row, index)),
    extension: fieldsExtension(row, rest(XML14.fields, ['MA_LK', 'NGAY_HEN_KL'])),
    identifier: row.SO_GIAYHEN_KL ? [{ system: SID.giayHen(keys.facility), value: row.SO_GIAYHEN_KL }] : undefined,
    status: 'proposed',
    appointmentType: { text: 'Tái khám' },
    reasonCode: codes.length > 0 ? codes.map((code) => ({ coding: [{ system: CS.icd10, code }] })) : undefined,
    description: row.CHAN_DOAN_RV || undefined,
    supportingInformation: [keys.encounter],
    requestedPeriod: day ? [{ start: day }] : undefined,
    participant: [
      { actor: keys.patient, required: 'required', status: 'accepted' },
      ...practitionerRefs(row.MA_BAC_SI).map((actor) => ({
        actor,
        required: 'information-only' as const,
        status: 'accepted' as const,
      })),
    ],
  });
}
