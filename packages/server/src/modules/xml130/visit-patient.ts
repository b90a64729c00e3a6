import type { Encounter, Patient, Resource } from '@medplum/fhirtypes';
import { EXT } from '@lienthong/core';

/** When the Patient's XML1 data is from (EXT.xml130AsOf); '' for a record that did not come from a file. */
export function asOf(patient: Resource): string {
  return (patient as Patient).extension?.find((e) => e.url === EXT.xml130AsOf)?.valueDateTime ?? '';
}

/**
 * The Patient as the visit's file described it, from the record's versions
 * (newest first): the newest version written from that visit (its as-of is
 * the visit's end), else the version current when the visit was last
 * written (the file then said nothing new), else the newest. An older visit's
 * export so gets the address and card of its day, not the latest file's.
 */
export function patientOfVisit(versions: readonly Resource[], encounter: Encounter): Resource | undefined {
  const end = encounter.period?.end;
  const written = encounter.meta?.lastUpdated;
  return (
    (end ? versions.find((p) => asOf(p) === end) : undefined) ??
    (written ? versions.find((p) => (p.meta?.lastUpdated ?? '') <= written) : undefined) ??
    versions[0]
  );
}
