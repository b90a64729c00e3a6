import type { AuditEvent } from '@medplum/fhirtypes';
import type { MessageKey } from '../i18n/vi';

/** One access to a resident's record, as the access log shows it. */
export interface AccessRow {
  id: string;
  at?: string;
  /** `Practitioner/{id}`, or `self` when it was the resident, or a name shown as is. */
  who: { practitionerId: string } | { self: true } | { display: string };
  role?: string;
  app?: string;
  what: MessageKey;
  refused: boolean;
  breakGlass: boolean;
}

const ACTIONS: [RegExp, MessageKey][] = [
  [/^break-glass$/, 'log.what.breakGlass'],
  [/^(read|vread)$/, 'log.what.read'],
  [/^(search-|history-)/, 'log.what.search'],
  [/^(create|update|patch|delete|transaction|batch)$/, 'log.what.write'],
  [/^mpi-/, 'log.what.identity'],
];

/** What the audit trail's event says, for a resident to read (docs/security/audit.md "What residents see"). */
export function accessRow(event: AuditEvent, ownPatientId: string): AccessRow {
  const [agent, app] = event.agent ?? [];
  const ref = agent?.who?.reference ?? '';
  const practitioner = /^Practitioner\/(.+)$/.exec(ref)?.[1];
  const who: AccessRow['who'] = practitioner
    ? { practitionerId: practitioner }
    : ref === `Patient/${ownPatientId}`
      ? { self: true }
      : { display: agent?.who?.display ?? agent?.altId ?? '—' };
  const code = event.subtype?.[0]?.code ?? '';
  return {
    id: event.id ?? '',
    ...(event.recorded ? { at: event.recorded } : {}),
    who,
    ...(agent?.role?.[0]?.text ? { role: agent.role[0].text } : {}),
    ...(app?.who?.display ? { app: app.who.display } : {}),
    what: ACTIONS.find(([re]) => re.test(code))?.[1] ?? 'log.what.other',
    refused: !!event.outcome && event.outcome !== '0',
    breakGlass: (event.purposeOfEvent ?? []).some((p) => p.coding?.some((c) => c.code === 'BTG')),
  };
}

const ROLES: Record<string, MessageKey> = {
  administrator: 'role.administrator',
  clinician: 'role.clinician',
  laboratory: 'role.laboratory',
  pharmacy: 'role.pharmacy',
  'surveillance-officer': 'role.surveillance-officer',
  'immunization-officer': 'role.immunization-officer',
  'department-analyst': 'role.department-analyst',
  resident: 'role.resident',
  'facility-system': 'role.facility-system',
};

export function roleKey(role: string | undefined): MessageKey | undefined {
  return role ? ROLES[role] : undefined;
}
