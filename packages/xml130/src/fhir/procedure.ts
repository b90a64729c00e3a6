import type { Procedure } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import { compact, facilityRef, fhirDateTime, list, practitionerRefs } from './values.js';

/**
 * MA_NHOM groups of XML3 whose rows are procedures done to the patient, in
 * the cost-group list the decision points to (5937/QĐ-BYT appendix 3,
 * carried over from 9324/BYT-BH): 8 surgery ("phẫu thuật"; older lists
 * "thủ thuật, phẫu thuật") and 18 other procedures ("thủ thuật"). The
 * other groups are tests, imaging and function tests (1–3, results in
 * XML4), drugs, blood, supplies (10, 11), transport, examinations,
 * bed-days and other costs (19). Checked against HIS vendors' code lists
 * and a vendor's column-by-column description of 4750, which requires
 * NGUOI_THUC_HIEN for groups 1, 2, 3, 8 and 18 — the services someone
 * performs — not against the appendix itself.
 */
export const PROCEDURE_GROUPS: ReadonlySet<string> = new Set(['8', '18']);

/** ICD-9-CM, which MA_PTTT_QT uses for procedures (vn-standards.md §1). */
const ICD9CM = 'http://hl7.org/fhir/sid/icd-9-cm';

export function procedureId(keys: VisitKeys, row: Row, index: number): string {
  return rowId(keys.facility, keys.maLk, 'XML3', rowKey(row, index), 'procedure');
}

export function isProcedureRow(row: Row): boolean {
  return !!row.MA_DICH_VU && PROCEDURE_GROUPS.has(row.MA_NHOM ?? '');
}

/**
 * An XML3 row of a procedure or surgery as a completed Procedure, besides
 * its ChargeItem (which stays the row's record for the claim and the
 * export): the service code and name, the ICD-9-CM codes of MA_PTTT_QT,
 * when it was done (NGAY_TH_YL, else the order time NGAY_YL, until the
 * result time NGAY_KQ), who did it (NGUOI_THUC_HIEN, else the ordering
 * doctor), for which diagnoses (MA_BENH). Not a row of another group: [].
 */
export function procedureResources(keys: VisitKeys, row: Row, index: number): Procedure[] {
  if (!isProcedureRow(row)) return [];
  const start = fhirDateTime(row.NGAY_TH_YL || row.NGAY_YL);
  const end = fhirDateTime(row.NGAY_KQ);
  const performers = practitionerRefs(row.NGUOI_THUC_HIEN || row.MA_BAC_SI);
  const reasons = list(row.MA_BENH);
  return [
    compact<Procedure>({
      resourceType: 'Procedure',
      id: procedureId(keys, row, index),
      status: 'completed',
      // The R4 procedure-category value set (SNOMED CT): surgery, or another procedure.
      category:
        row.MA_NHOM === '8'
          ? { coding: [{ system: CS.snomed, code: '387713003', display: 'Surgical procedure' }], text: 'Phẫu thuật' }
          : { coding: [{ system: CS.snomed, code: '71388002', display: 'Procedure' }], text: 'Thủ thuật' },
      code: compact({
        coding: [
          compact({ system: CS.dichVu, code: row.MA_DICH_VU, display: row.TEN_DICH_VU || undefined }),
          ...list(row.MA_PTTT_QT).map((code) => ({ system: ICD9CM, code })),
        ],
        text: row.TEN_DICH_VU || undefined,
      }),
      subject: keys.patient,
      encounter: keys.encounter,
      performedPeriod: start || end ? compact({ start, end }) : undefined,
      performer: (performers.length > 0 ? performers : [facilityRef(keys.facility)]).map((actor) => ({
        actor,
        onBehalfOf: facilityRef(keys.facility),
      })),
      reasonCode: reasons.length > 0 ? reasons.map((code) => ({ coding: [{ system: CS.icd10, code }] })) : undefined,
    }),
  ];
}
