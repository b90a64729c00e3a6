import type { Row } from '../read/read-table.js';
import { rowId, xml130Id } from './ids.js';
import type { AnyRef } from './values.js';

/** What every table's mapping needs to know of its visit. */
export interface VisitKeys {
  /** MA_CSKCB of the visit. */
  facility: string;
  maLk: string;
  /** XML1, the summary. */
  summary: Row;
  /** The Patient as the bundle refers to it (a urn:uuid until the store resolves it). */
  patient: AnyRef;
  encounter: AnyRef;
  encounterId: string;
}

/** The fullUrl of the visit's Patient entry: stable per facility and MA_BN. */
export function patientFullUrl(facility: string, maBn: string): string {
  return `urn:uuid:${xml130Id(facility, 'patient', maBn)}`;
}

export function visitKeys(facility: string, summary: Row): VisitKeys {
  const maLk = summary.MA_LK ?? '';
  const encounterId = rowId(facility, maLk, 'XML1', 1);
  return {
    facility,
    maLk,
    summary,
    patient: { reference: patientFullUrl(facility, summary.MA_BN ?? '') },
    encounter: { reference: `Encounter/${encounterId}` },
    encounterId,
  };
}

/** A row's key within its table: its STT when it has one, else its place (1-based). */
export function rowKey(row: Row, index: number): string {
  return row.STT ? `stt-${row.STT}` : `row-${index + 1}`;
}
