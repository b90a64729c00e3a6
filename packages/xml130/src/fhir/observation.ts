import type { CodeableConcept, DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import {
  compact,
  facilityRef,
  fhirDateTime,
  fieldsExtension,
  lossyFields,
  num,
  practitionerRef,
  practitionerRefs,
} from './values.js';

/** KET_LUAN as written by HIS (Cao, Thấp…) → HL7 interpretation code. */
const INTERPRETATION: Readonly<Record<string, { code: string; display: string }>> = {
  cao: { code: 'H', display: 'High' },
  thấp: { code: 'L', display: 'Low' },
  'bình thường': { code: 'N', display: 'Normal' },
  'dương tính': { code: 'POS', display: 'Positive' },
  'âm tính': { code: 'NEG', display: 'Negative' },
};

function interpretation(conclusion: string | undefined): CodeableConcept[] | undefined {
  if (!conclusion) return undefined;
  const known = INTERPRETATION[conclusion.normalize('NFC').trim().toLowerCase()];
  return [{ ...(known ? { coding: [{ system: CS.v3Interpretation, ...known }] } : {}), text: conclusion }];
}

/**
 * The value as the lab wrote it: a number becomes a Quantity with the unit
 * (DON_VI_DO, UCUM in the province's files), any other text a string.
 */
function value(row: Row): Pick<Observation, 'valueQuantity' | 'valueString'> {
  const n = num(row.GIA_TRI);
  if (n !== undefined) {
    const unit = row.DON_VI_DO;
    return { valueQuantity: unit ? { value: n, unit, system: CS.ucum, code: unit } : { value: n } };
  }
  return row.GIA_TRI ? { valueString: row.GIA_TRI } : {};
}

export function observationId(keys: VisitKeys, row: Row, index: number): string {
  return rowId(keys.facility, keys.maLk, 'XML4', rowKey(row, index));
}

/**
 * One XML4 indicator as a laboratory Observation: the facility's own
 * indicator code (MA_CHI_SO, in a system per facility — two labs' "GLU"
 * need not be the same test) and name, the value, the reference range as
 * the lab wrote it (MO_TA), the conclusion (KET_LUAN) as interpretation,
 * result time and the doctor who read it (MA_BS_DOC_KQ).
 */
export function observationResource(keys: VisitKeys, row: Row, index: number): Observation {
  const name = row.TEN_CHI_SO || undefined;
  const readers = practitionerRefs(row.MA_BS_DOC_KQ);
  return compact<Observation>({
    resourceType: 'Observation',
    id: observationId(keys, row, index),
    extension: fieldsExtension(row, [
      'STT',
      'DU_PHONG',
      ...lossyFields(row, { numbers: ['GIA_TRI'], lists: ['MA_BS_DOC_KQ'] }),
      // A unit beside a value that is not a number ("<0.5", none) has no Quantity to go in.
      ...(num(row.GIA_TRI) === undefined ? ['DON_VI_DO'] : []),
    ]),
    status: 'final',
    category: [{ coding: [{ system: CS.observationCategory, code: 'laboratory', display: 'Laboratory' }] }],
    code: compact({
      coding: row.MA_CHI_SO
        ? [compact({ system: CS.chiSo(keys.facility), code: row.MA_CHI_SO, display: name })]
        : undefined,
      text: name ?? row.MA_DICH_VU,
    }),
    subject: keys.patient,
    encounter: keys.encounter,
    effectiveDateTime: fhirDateTime(row.NGAY_KQ),
    performer: readers.length > 0 ? readers : [facilityRef(keys.facility)],
    ...value(row),
    interpretation: interpretation(row.KET_LUAN),
    referenceRange: row.MO_TA ? [{ text: row.MO_TA }] : undefined,
  });
}

/**
 * The rows of one ordered service (MA_DICH_VU) as a DiagnosticReport whose
 * results are their Observations; its conclusion lists each indicator's.
 */
export function diagnosticReports(keys: VisitKeys, rows: readonly Row[]): DiagnosticReport[] {
  const byService = new Map<string, { row: Row; index: number }[]>();
  rows.forEach((row, index) => {
    const key = row.MA_DICH_VU ?? '';
    byService.set(key, [...(byService.get(key) ?? []), { row, index }]);
  });
  return [...byService.entries()].map(([service, items]) => {
    const times = items.map((i) => i.row.NGAY_KQ ?? '').sort();
    const conclusion = items
      .filter((i) => i.row.KET_LUAN)
      .map((i) => `${i.row.TEN_CHI_SO || i.row.MA_CHI_SO || service}: ${i.row.KET_LUAN}`)
      .join('; ');
    const reader = practitionerRef(items.find((i) => i.row.MA_BS_DOC_KQ)?.row.MA_BS_DOC_KQ);
    return compact<DiagnosticReport>({
      resourceType: 'DiagnosticReport',
      id: rowId(keys.facility, keys.maLk, 'XML4', service, 'report'),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
      code: service ? { coding: [{ system: CS.dichVu, code: service }] } : { text: 'Cận lâm sàng' },
      subject: keys.patient,
      encounter: keys.encounter,
      effectiveDateTime: fhirDateTime(times[times.length - 1]),
      performer: [facilityRef(keys.facility)],
      resultsInterpreter: reader ? [reader] : undefined,
      result: items.map((i) => ({ reference: `Observation/${observationId(keys, i.row, i.index)}` })),
      conclusion: conclusion || undefined,
    });
  });
}
