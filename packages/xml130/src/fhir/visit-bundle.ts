import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { SID } from '@lienthong/core';
import type { Xml130Visit } from '../read/read-file.js';
import { chargeItemResource } from './charge-item.js';
import { clinicalImpressionResource, courseVitalSigns, summaryWeight } from './clinical-course.js';
import { claimResource } from './claim.js';
import { conditionResource, conditionId, diagnoses } from './condition.js';
import { visitKeys } from './context.js';
import { coverageResources } from './coverage.js';
import { encounterResource } from './encounter.js';
import { medicationRequestResource } from './medication.js';
import { diagnosticReports, observationResource } from './observation.js';
import { patientResource } from './patient.js';
import { appointmentResource, referralResource } from './referral.js';
import { receivedTableResource, unmappedTables } from './received-table.js';
import { tagOrigin } from './origin.js';
import { procedureResources } from './procedure.js';
import { visitPractitioners } from './practitioners.js';

/** The resources of a visit, Patient first (without id: the store finds it by the facility's MA_BN). */
export function visitResources(visit: Xml130Visit): Resource[] {
  const summary = visit.tables.XML1;
  if (!summary) throw new Error(`visit ${visit.maLk || visit.index} has no XML1: nothing links its rows to a patient`);
  const facility = visit.facilityCode || summary.MA_CSKCB || '';
  const keys = visitKeys(facility, summary);
  const dx = diagnoses(keys);
  const coverages = coverageResources(keys);
  const t = visit.tables;
  const xml1 = (...rs: Resource[]) => rs.map((r) => tagOrigin('XML1', r));
  return [
    patientResource(facility, summary),
    ...coverages,
    ...xml1(
      encounterResource(
        keys,
        dx.map((d) => conditionId(keys, d)),
        visitPractitioners(t),
      ),
      ...dx.map((d) => conditionResource(keys, d)),
    ),
    ...(t.XML2 ?? []).map((row, i) => tagOrigin('XML2', medicationRequestResource(keys, row, i))),
    ...(t.XML3 ?? []).flatMap((row, i) =>
      [chargeItemResource(keys, row, i), ...procedureResources(keys, row, i)].map((r) => tagOrigin('XML3', r)),
    ),
    ...[
      ...(t.XML4 ?? []).map((row, i) => observationResource(keys, row, i)),
      ...diagnosticReports(keys, t.XML4 ?? []),
    ].map((r) => tagOrigin('XML4', r)),
    ...(t.XML5 ?? []).flatMap((row, i) =>
      [clinicalImpressionResource(keys, row, i), ...courseVitalSigns(keys, row, i)].map((r) => tagOrigin('XML5', r)),
    ),
    ...xml1(...summaryWeight(keys)),
    ...(t.XML13 ?? []).map((row, i) => tagOrigin('XML13', referralResource(keys, row, i))),
    ...(t.XML14 ?? []).map((row, i) => tagOrigin('XML14', appointmentResource(keys, row, i))),
    tagOrigin('XML1', claimResource(keys, coverages[0]!)),
    ...unmappedTables(visit.received).map(([table, xml]) => tagOrigin(table, receivedTableResource(keys, table, xml))),
  ];
}

/**
 * One visit as one FHIR transaction: the Patient by conditional update on
 * the facility's MA_BN (its fullUrl is what the other entries refer to),
 * every other resource by PUT to its derived id — so importing the visit
 * again addresses the same resources.
 */
export function visitBundle(visit: Xml130Visit): Bundle {
  const [patient, ...rest] = visitResources(visit);
  const summary = visit.tables.XML1!;
  const facility = visit.facilityCode || summary.MA_CSKCB || '';
  const keys = visitKeys(facility, summary);
  const condition = `identifier=${encodeURIComponent(`${SID.maBn(facility)}|${summary.MA_BN ?? ''}`)}`;
  const entry: BundleEntry[] = [
    { fullUrl: keys.patient.reference!, resource: patient!, request: { method: 'PUT', url: `Patient?${condition}` } },
    ...rest.map((resource) => ({
      resource,
      request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id!}` },
    })),
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
