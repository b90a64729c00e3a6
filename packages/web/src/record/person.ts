import type { HumanName, Patient, Person } from '@medplum/fhirtypes';
import type { MessageKey } from '../i18n/vi';

/** A Vietnamese name as written: family, middle and given names in that order. */
export function nameText(name: HumanName | undefined): string {
  if (!name) return '';
  return name.text ?? [name.family, ...(name.given ?? [])].filter(Boolean).join(' ');
}

export function personName(r: Patient | Person | undefined): string {
  const names = r?.name ?? [];
  return nameText(names.find((n) => n.use === 'official') ?? names[0]) || '—';
}

export function genderKey(gender: string | undefined): MessageKey {
  switch (gender) {
    case 'male':
      return 'gender.male';
    case 'female':
      return 'gender.female';
    case 'other':
      return 'gender.other';
    default:
      return 'gender.unknown';
  }
}

/** The Patient records a master Person links (docs/integrators/mpi.md). */
export function linkedPatientIds(person: Person): string[] {
  return (person.link ?? [])
    .map((l) => /^Patient\/(.+)$/.exec(l.target?.reference ?? '')?.[1])
    .filter((id): id is string => !!id);
}
