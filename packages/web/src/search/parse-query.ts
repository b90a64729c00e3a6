/** Identifier systems of the province (packages/core/src/vn-systems.ts). */
export const CCCD_SYSTEM = 'http://fhir.lienthong.vn/sid/cccd';
export const BHYT_SYSTEM = 'http://fhir.lienthong.vn/sid/bhyt';

export type PatientQuery =
  | { kind: 'cccd'; value: string }
  | { kind: 'bhyt'; value: string }
  | { kind: 'name'; value: string; birthYear?: string };

export type QueryProblem = 'tooShort' | 'badYear';

/**
 * What the clinician typed, read as a citizen ID (12 digits), a health
 * insurance card number (2 letters and 13 digits), or a name — with a birth
 * year from its own field or typed after the name ("nguyen van an 1985").
 * Spaces and dots people put into numbers are ignored.
 */
export function parseQuery(text: string, year = ''): PatientQuery | QueryProblem {
  const compact = text.replace(/[\s.-]/g, '');
  if (/^\d{12}$/.test(compact)) return { kind: 'cccd', value: compact };
  if (/^[a-z]{2}\d{13}$/i.test(compact)) return { kind: 'bhyt', value: compact.toUpperCase() };
  let name = text.trim().replace(/\s+/g, ' ');
  let birthYear = year.trim();
  const trailing = /^(.*\S)\s+(\d{4})$/.exec(name);
  if (trailing && !birthYear) {
    name = trailing[1]!;
    birthYear = trailing[2]!;
  }
  if (birthYear && !/^(19|20)\d{2}$/.test(birthYear)) return 'badYear';
  if (name.replace(/\s/g, '').length < 2) return 'tooShort';
  return { kind: 'name', value: name, ...(birthYear ? { birthYear } : {}) };
}

/** The master-record search (one Person per person, docs/integrators/mpi.md). */
export function personSearchPath(query: PatientQuery, count: number): string {
  const params = new URLSearchParams();
  switch (query.kind) {
    case 'cccd':
      params.set('identifier', `${CCCD_SYSTEM}|${query.value}`);
      break;
    case 'bhyt':
      params.set('identifier', `${BHYT_SYSTEM}|${query.value}`);
      break;
    case 'name':
      params.set('name', query.value);
      if (query.birthYear) params.set('birthdate', query.birthYear);
      break;
  }
  params.set('_count', String(count));
  return `Person?${params.toString()}`;
}
