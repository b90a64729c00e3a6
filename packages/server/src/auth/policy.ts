import type { Resource } from '@medplum/fhirtypes';
import { forbidden } from '@lienthong/core';
import type { SqlParams } from '../storage/sql-params.js';
import type { Filter, SearchRequest } from '../fhir/search/request.js';
import type { Caller } from './caller.js';
import { deidentify } from './deidentify.js';

/**
 * The access policy (docs/security/access-policy.md): which rows a caller
 * may see and change, beyond what its scopes allow. It is enforced where the
 * data is read — every search, read, include, chain, _has, history and
 * $everything adds `rowSql` — so no path can forget it.
 */
export interface AccessPolicy {
  /**
   * A SQL condition on a `resource` row alias, or undefined for no restriction.
   * `search` is given for the matches of a search (not for includes, history…).
   */
  rowSql(alias: string, p: SqlParams, search?: SearchRequest): string | undefined;
  /** Throws 403 when the caller may not search like this (analyst, pharmacy rules). */
  checkSearch(req: SearchRequest): void;
  /** Throws 403 when the caller may not read this type by id. */
  checkRead(resourceType: string): void;
  /**
   * Throws 403 when the caller may not write: `resource` is the new content
   * (absent for a delete), `current` the row as it is (absent for a create).
   */
  checkWrite(resourceType: string, resource: Resource | undefined, current: CurrentRecord | undefined): void;
  /** What the caller sees of a resource it may read (de-identified, minimised). */
  shape(resource: Resource): Resource;
  /** The facility recorded as author of what this caller creates. */
  authorOrg?: string;
}

/** What the store knows of a resource before it changes. */
export interface CurrentRecord {
  authorOrg: string | null;
  compartments: string[];
}

const NO_RESTRICTION: AccessPolicy = {
  rowSql: () => undefined,
  checkSearch: () => undefined,
  checkRead: () => undefined,
  checkWrite: () => undefined,
  shape: (r) => r,
};

/** Patient search parameters that identify a person (refused to analysts). */
const IDENTIFYING = new Set([
  'name',
  'given',
  'family',
  'phonetic',
  'identifier',
  'telecom',
  'phone',
  'email',
  'address',
  'address-postalcode',
  'link',
  '_id',
]);
const PERSON_TYPES = new Set(['Patient', 'Person', 'RelatedPerson']);
/** What a pharmacy needs of a prescription to dispense it. */
const PRESCRIPTION_ELEMENTS = new Set([
  'resourceType',
  'id',
  'meta',
  'identifier',
  'status',
  'intent',
  'medicationCodeableConcept',
  'medicationReference',
  'subject',
  'authoredOn',
  'requester',
  'dosageInstruction',
  'dispenseRequest',
  'substitution',
  'note',
]);

export function policyFor(caller: Caller): AccessPolicy {
  switch (caller.role) {
    case 'administrator':
      return NO_RESTRICTION;
    case 'surveillance-officer':
    case 'immunization-officer':
      // Public-health duties by law (notifiable diseases, immunization
      // registry): province-wide reading, consent does not apply, every access audited.
      return { ...NO_RESTRICTION, ...facilityWrites(caller) };
    case 'facility-system':
      return facilitySystem(caller);
    case 'clinician':
    case 'laboratory':
      return careTeam(caller);
    case 'department-analyst':
      return analyst();
    case 'pharmacy':
      return pharmacy(caller);
    case 'resident':
      return resident(caller);
  }
}

/** Writes attributed to the caller's facility; changes only to what that facility authored. */
function facilityWrites(caller: Caller): Pick<AccessPolicy, 'checkWrite' | 'authorOrg'> {
  return {
    ...(caller.organizationId ? { authorOrg: caller.organizationId } : {}),
    checkWrite(resourceType, _resource, current) {
      if (!caller.organizationId) throw forbidden('This account belongs to no facility, so it cannot write');
      if (current && current.authorOrg !== caller.organizationId) {
        throw forbidden(`This ${resourceType} was recorded by another facility; only that facility may change it`);
      }
    },
  };
}

function facilitySystem(caller: Caller): AccessPolicy {
  return {
    ...NO_RESTRICTION,
    ...facilityWrites(caller),
    // A facility's system reads what its facility wrote, and shared reference data.
    rowSql: (a, p) => `(cardinality(${a}.compartments) = 0 OR ${a}.author_org = ${p.add(caller.organizationId ?? '')})`,
  };
}

function careTeam(caller: Caller): AccessPolicy {
  return {
    ...NO_RESTRICTION,
    ...facilityWrites(caller),
    rowSql(a, p) {
      const org = p.add(caller.organizationId ?? '');
      const user = p.add(caller.id);
      return `(cardinality(${a}.compartments) = 0 OR ${a}.author_org = ${org}
        OR EXISTS (SELECT 1 FROM break_glass b WHERE b.user_id = ${user} AND b.expires_at > now()
                     AND b.patient_id = ANY(${a}.compartments))
        OR EXISTS (SELECT 1 FROM care_relationship c WHERE c.organization_id = ${org} AND c.until > now()
                     AND c.patient_id = ANY(${a}.compartments)
                     AND NOT EXISTS (SELECT 1 FROM consent_restriction x WHERE x.patient_id = c.patient_id))
        OR ${linkedCare(a, org)})`;
    },
  };
}

/**
 * One person, one record: a care relationship with any record of a person
 * (master patient index) opens the records other facilities hold for the
 * same person — unless either record is under a sharing restriction.
 */
function linkedCare(a: string, org: string): string {
  return `EXISTS (SELECT 1 FROM mpi_record m
                    JOIN mpi_record mate ON mate.person_id = m.person_id AND mate.patient_id <> m.patient_id
                    JOIN care_relationship c ON c.patient_id = mate.patient_id
                   WHERE m.patient_id = ANY(${a}.compartments) AND c.organization_id = ${org} AND c.until > now()
                     AND NOT EXISTS (SELECT 1 FROM consent_restriction x
                                      WHERE x.patient_id = m.patient_id OR x.patient_id = mate.patient_id))`;
}

function analyst(): AccessPolicy {
  return {
    ...NO_RESTRICTION,
    checkRead(resourceType) {
      if (PERSON_TYPES.has(resourceType))
        throw forbidden('Department analysts see de-identified data: search, do not read people by id');
    },
    checkSearch(req) {
      const walk = (f: Filter, type: string): void => {
        if (f.kind === 'chain') {
          f.targetTypes.forEach((t, i) => walk(f.inners[i] ?? f.inner, t));
          return;
        }
        if (f.kind === 'has') return walk(f.inner, f.sourceType);
        if (PERSON_TYPES.has(type) && IDENTIFYING.has(f.param.code)) {
          throw forbidden(`Department analysts may not search people by "${f.param.code}" (de-identified access)`);
        }
        if (
          PERSON_TYPES.has(type) &&
          f.param.code === 'birthdate' &&
          f.values.some((v) => v.replace(/^[a-z]{2}/, '').length > 4)
        ) {
          throw forbidden('Department analysts may search birth dates by year only');
        }
      };
      for (const f of req.filters) walk(f, req.resourceType);
    },
    checkWrite: () => {
      throw forbidden('Department analysts read de-identified data and write nothing');
    },
    shape: deidentify,
  };
}

function pharmacy(caller: Caller): AccessPolicy {
  return {
    ...NO_RESTRICTION,
    ...facilityWrites(caller),
    checkRead(resourceType) {
      if (resourceType === 'MedicationRequest') {
        throw forbidden('A pharmacy finds a prescription by its code: MedicationRequest?identifier=<mã đơn thuốc>');
      }
    },
    checkSearch(req) {
      if (req.resourceType === 'MedicationRequest' && !isCodeSearch(req)) {
        throw forbidden(
          'A pharmacy sees a prescription only by presenting its code: MedicationRequest?identifier=<code>',
        );
      }
    },
    // Prescriptions appear only as the match of a code search — never through
    // history, includes or chains — and dispenses only the pharmacy's own.
    rowSql(a, p, search) {
      const org = p.add(caller.organizationId ?? '');
      const byCode = search && search.resourceType === 'MedicationRequest' && isCodeSearch(search) ? 'TRUE' : 'FALSE';
      return `(${a}.resource_type NOT IN ('MedicationRequest', 'MedicationDispense') OR ${a}.author_org = ${org}
        OR (${a}.resource_type = 'MedicationRequest' AND ${byCode}))`;
    },
    shape(resource) {
      if (resource.resourceType !== 'MedicationRequest') return resource;
      return Object.fromEntries(Object.entries(resource).filter(([k]) => PRESCRIPTION_ELEMENTS.has(k))) as Resource;
    },
  };
}

function resident(caller: Caller): AccessPolicy {
  const own = caller.patientId ?? '';
  return {
    ...NO_RESTRICTION,
    rowSql: (a, p) => `(cardinality(${a}.compartments) = 0 OR ${a}.compartments @> ARRAY[${p.add(own)}::text])`,
    checkWrite(resourceType, resource, current) {
      const patientRef = (resource as { patient?: { reference?: string } } | undefined)?.patient?.reference;
      const newIsOwn = !resource || patientRef === `Patient/${own}`;
      // An existing Consent must be theirs too: no overwriting someone else's.
      const currentIsOwn = !current || current.compartments.includes(own);
      if (resourceType !== 'Consent' || !newIsOwn || !currentIsOwn) {
        throw forbidden('A resident may record only their own consent');
      }
    },
  };
}

/** MedicationRequest?identifier=<one code> [&status=…], nothing else. */
function isCodeSearch(req: SearchRequest): boolean {
  const byCode = req.filters.some(
    (f) => f.kind === 'param' && f.param.code === 'identifier' && !f.modifier && f.values.length === 1,
  );
  const onlyCode = req.filters.every((f) => f.kind === 'param' && ['identifier', 'status'].includes(f.param.code));
  return byCode && onlyCode && req.include.length === 0 && req.revinclude.length === 0;
}
