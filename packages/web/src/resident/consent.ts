import type { Bundle, Consent } from '@medplum/fhirtypes';

/**
 * A resident's sharing restriction is an ordinary FHIR Consent
 * (docs/security/access-policy.md, "Restricting sharing"): while one that
 * is active and denies exists for their Patient, care relationships no
 * longer open their record to other facilities. The server reads only
 * `status` and `provision.type`; the rest says what it is to a human reader.
 */
export function restrictingConsent(patientId: string, now = new Date()): Consent {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: now.toISOString(),
    policyRule: { text: 'Hạn chế chia sẻ giữa các cơ sở · Restrict sharing across facilities' },
    provision: { type: 'deny' },
  };
}

export function isRestricting(consent: Consent): boolean {
  return consent.status === 'active' && consent.provision?.type === 'deny';
}

/** The Consents of a search that restrict sharing now (the resident may have several, or staff may have recorded one). */
export function restrictionsIn(bundle: Bundle<Consent>): Consent[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource && isRestricting(e.resource) ? [e.resource] : []));
}

/** The same Consent, withdrawn: no longer restricting, kept for the record. */
export function withdrawn(consent: Consent): Consent {
  return { ...consent, status: 'inactive' };
}

/** Since when the record is restricted: the earliest restriction still in force. */
export function restrictedSince(consents: readonly Consent[]): string | undefined {
  const dates = consents.map((c) => c.dateTime ?? c.meta?.lastUpdated).filter((d): d is string => !!d);
  return dates.sort()[0];
}
