import type { Consent, Encounter, Resource, ServiceRequest } from '@medplum/fhirtypes';
import type { Queryable } from '../storage/types.js';
import { deferOrRun } from '../storage/deferred.js';
import type { SqlParams } from '../storage/sql-params.js';
import type { WriteHook } from '../fhir/store.js';

/**
 * Keeps the facts the access policy reads up to date, in the transaction of
 * the write that changes them:
 * - an Encounter gives its facility (serviceProvider, or the author) a care
 *   relationship with the patient for `careWindowDays` after the visit;
 * - a referral (ServiceRequest to an Organization) gives the receiving facility one;
 * - an active Consent that denies restricts the patient's record to the
 *   facilities that wrote it.
 */
export function relationshipHook(careWindowDays: number): WriteHook {
  return async (tx, result, request) => {
    const resource = result.resource;
    switch (resource.resourceType) {
      case 'Encounter':
        return encounterCare(tx, resource, request.policy?.authorOrg, careWindowDays);
      case 'ServiceRequest':
        return referralCare(tx, resource, careWindowDays);
      case 'Consent':
        return consentRestriction(tx, resource, result.changed && !request.resource);
      default:
        return;
    }
  };
}

function refId(reference: string | undefined, type: string): string | undefined {
  const m = reference ? new RegExp(`^${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(reference) : null;
  return m?.[1];
}

async function grantCare(
  tx: Queryable,
  patientId: string,
  orgId: string,
  from: string | undefined,
  days: number,
): Promise<void> {
  // The window runs from the visit (or referral), not from when it was recorded:
  // an old visit imported today opens nothing.
  const start = from && !Number.isNaN(Date.parse(from)) ? Date.parse(from) : Date.now();
  const until = new Date(start + days * 86_400_000);
  if (until.getTime() <= Date.now()) return;
  await deferOrRun(tx, careUpsert, { patientId, orgId, until: until.toISOString() });
}

interface Care {
  patientId: string;
  orgId: string;
  until: string;
}

/** One upsert for many grants; a pair granted twice keeps its latest end (one row per pair per statement). */
function careUpsert(grants: Care[], p: SqlParams): { ctes: string[]; name: string } {
  const latest = new Map<string, Care>();
  for (const g of grants) {
    const key = `${g.patientId}|${g.orgId}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(g.until) > Date.parse(seen.until)) latest.set(key, g);
  }
  const rows = [...latest.values()];
  const patients = p.add(rows.map((r) => r.patientId));
  const orgs = p.add(rows.map((r) => r.orgId));
  const until = p.add(rows.map((r) => r.until));
  return {
    ctes: [
      `care_rows AS (INSERT INTO care_relationship (patient_id, organization_id, until)
         SELECT * FROM unnest(${patients}::text[], ${orgs}::text[], ${until}::timestamptz[])
         ON CONFLICT (patient_id, organization_id) DO UPDATE SET until = GREATEST(care_relationship.until, EXCLUDED.until))`,
    ],
    name: 'lt_care_upsert_2',
  };
}

async function encounterCare(tx: Queryable, e: Resource, authorOrg: string | undefined, days: number): Promise<void> {
  const encounter = e as Encounter;
  const patient = refId(encounter.subject?.reference, 'Patient');
  const org = refId(encounter.serviceProvider?.reference, 'Organization') ?? authorOrg;
  if (!patient || !org || encounter.status === 'entered-in-error' || encounter.status === 'cancelled') return;
  await grantCare(tx, patient, org, encounter.period?.end ?? encounter.period?.start, days);
}

async function referralCare(tx: Queryable, r: Resource, days: number): Promise<void> {
  const request = r as ServiceRequest;
  const patient = refId(request.subject?.reference, 'Patient');
  if (!patient || request.status === 'revoked' || request.status === 'entered-in-error') return;
  for (const performer of request.performer ?? []) {
    const org = refId(performer.reference, 'Organization');
    if (org) await grantCare(tx, patient, org, request.authoredOn, days);
  }
}

async function consentRestriction(tx: Queryable, c: Resource, deleted: boolean): Promise<void> {
  const consent = c as Consent;
  // Whatever this Consent said before (even about another patient) is replaced.
  await tx.query('DELETE FROM consent_restriction WHERE consent_id = $1', [consent.id]);
  const patient = refId(consent.patient?.reference, 'Patient');
  if (deleted || !patient) return;
  if (consent.status === 'active' && consent.provision?.type === 'deny') {
    await tx.query('INSERT INTO consent_restriction (patient_id, consent_id) VALUES ($1, $2)', [patient, consent.id]);
  }
}
