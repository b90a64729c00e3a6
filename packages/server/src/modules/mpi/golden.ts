import type {
  Address,
  ContactPoint,
  Extension,
  HumanName,
  Identifier,
  Patient,
  Person,
  PersonLink,
} from '@medplum/fhirtypes';
import { EXT, foldText, normalisePhone } from '@lienthong/core';

export const MPI_TAG_SYSTEM = 'http://fhir.lienthong.vn/CodeSystem/mpi';
export const GOLDEN_TAG = { system: MPI_TAG_SYSTEM, code: 'golden', display: 'Bản ghi gốc · Master record' };
/** On each merged element: the source record(s) it came from (provenance of the master view). */
export const SOURCE_EXTENSION = 'http://fhir.lienthong.vn/StructureDefinition/mpi-source';

/** Elements equal under `key` are one element of the master view, citing every record that holds it. */
function mergeElements<T extends { extension?: Extension[] }>(
  members: readonly Patient[],
  elements: (p: Patient) => readonly T[] | undefined,
  key: (e: T) => string | undefined,
): T[] {
  const merged = new Map<string, { element: T; sources: string[] }>();
  for (const member of members) {
    for (const element of elements(member) ?? []) {
      const k = key(element);
      if (k === undefined) continue;
      const seen = merged.get(k);
      if (seen) {
        if (!seen.sources.includes(member.id!)) seen.sources.push(member.id!);
      } else {
        merged.set(k, { element, sources: [member.id!] });
      }
    }
  }
  return [...merged.values()].map(({ element, sources }) => ({
    ...element,
    extension: [
      ...(element.extension ?? []).filter((e) => e.url !== SOURCE_EXTENSION),
      ...sources.map((id) => ({ url: SOURCE_EXTENSION, valueReference: { reference: `Patient/${id}` } })),
    ],
  }));
}

const nameKey = (n: HumanName): string | undefined => {
  const text = n.text ?? [n.family, ...(n.given ?? [])].filter(Boolean).join(' ');
  return text.trim() ? text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim() : undefined;
};

/** A name written with its marks and with a middle name is the better one to show first. */
function nameRank(n: HumanName): number {
  const text = nameKey(n) ?? '';
  const marks = foldText(text) !== text ? 2 : 0;
  const parts = text.split(' ').length;
  return marks + Math.min(parts, 4) / 4 + (n.use === 'official' ? 0.5 : 0);
}

/** The value most records hold; ties go to the most precise, then to the first record's. */
function consensus(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, n] of counts) {
    const bn = best ? counts.get(best)! : -1;
    if (n > bn || (n === bn && value.length > best!.length)) best = value;
  }
  return best;
}

/** The most complete registration (most identifiers) first: its values win ties. */
function byCompleteness(a: Patient, b: Patient): number {
  return (b.identifier?.length ?? 0) - (a.identifier?.length ?? 0) || (a.id! < b.id! ? -1 : 1);
}

const communeOf = (a: Address): string | undefined => a.extension?.find((e) => e.url === EXT.dvhc)?.valueCoding?.code;

/**
 * FHIR Person.link.assurance: level3 when the matcher linked the record,
 * level4 when a data steward did (or it is the only record).
 */
export type Assurance = NonNullable<PersonLink['assurance']>;

/**
 * The master (golden) record of a person, a FHIR Person: names,
 * identifiers, addresses and phones of every linked record, each citing its
 * source; the birth date and sex most records agree on (on a tie, the most
 * complete registration's); `link` to every source Patient. Members are
 * ordered by id so the same members always give the same record. A Person,
 * not a Patient: the facilities' own Patient searches and conditional
 * updates on an identifier keep finding exactly their records.
 */
export function buildGolden(
  personId: string,
  members: readonly Patient[],
  assurance: (id: string) => Assurance,
): Person {
  const sorted = [...members].sort((a, b) => (a.id! < b.id! ? -1 : 1));
  const names = mergeElements<HumanName>(sorted, (p) => p.name, nameKey).sort((a, b) => nameRank(b) - nameRank(a));
  const identifier = mergeElements<Identifier>(
    sorted,
    (p) => p.identifier,
    (i) => (i.value ? `${i.system ?? ''}|${i.value}` : undefined),
  );
  const telecom = mergeElements<ContactPoint>(
    sorted,
    (p) => p.telecom,
    (t) => (t.value ? `${t.system ?? ''}|${normalisePhone(t.value) ?? t.value}` : undefined),
  );
  const address = mergeElements<Address>(
    sorted,
    (p) => p.address,
    (a) => `${communeOf(a) ?? ''}|${foldText(a.text ?? [...(a.line ?? []), a.city].filter(Boolean).join(', '))}`,
  );
  const voters = [...sorted].sort(byCompleteness);
  const gender = consensus(voters.map((p) => p.gender));
  const birthDate = consensus(voters.map((p) => p.birthDate));
  return {
    resourceType: 'Person',
    id: personId,
    meta: { tag: [GOLDEN_TAG] },
    ...(identifier.length ? { identifier } : {}),
    ...(names.length ? { name: names } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(gender ? { gender: gender as Person['gender'] } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(address.length ? { address } : {}),
    active: true,
    link: sorted.map((p) => ({ target: { reference: `Patient/${p.id}` }, assurance: assurance(p.id!) })),
  };
}

/**
 * What a person's golden record becomes when its records joined another
 * person: inactive, pointing to the survivor, and holding nothing personal
 * (with no Patient linked it is in no patient's compartment, so anyone may read it).
 */
export function retiredGolden(personId: string, replacedBy: string): Person {
  return {
    resourceType: 'Person',
    id: personId,
    meta: { tag: [GOLDEN_TAG] },
    active: false,
    link: [{ target: { reference: `Person/${replacedBy}` } }],
  };
}
