import { createHash } from 'node:crypto';

/**
 * Ids of the resources derived from a record (a visit's Conditions,
 * Observations, MedicationRequests…). The records carry ids drawn from the
 * seeded streams; what is derived from them must be just as stable, without a
 * random stream of its own: the id is a hash of the parent id, a kind and the
 * position, laid out as a UUID (version 8, RFC 9562's layout for custom
 * hashes), so the same record always gives the same ids and a change in one
 * visit cannot move another's.
 */
export function derivedId(parentId: string, kind: string, ...position: (string | number)[]): string {
  const hex = createHash('sha256')
    .update([parentId, kind, ...position].join('/'))
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** R4 `id`: 1 to 64 letters, digits, "-" and "." (https://hl7.org/fhir/R4/datatypes.html#id). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A relative literal reference, `Type/id`. */
export function reference<T extends string>(type: T, id: string): { reference: `${T}/${string}` } {
  return { reference: `${type}/${id}` };
}
