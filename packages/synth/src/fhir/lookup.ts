import type { Facility, Province } from '../model.js';

/**
 * The facility a record names by its code. A code the province does not know
 * is a generator bug; failing here beats a reference to nothing.
 */
export function facilityOf(province: Province, code: string): Facility {
  const facility = province.facilityByCode.get(code);
  if (!facility) throw new Error(`unknown facility code ${code}`);
  return facility;
}

/** `Organization/{id}` of the facility with this code. */
export function organizationRef(province: Province, code: string): { reference: string; display: string } {
  const facility = facilityOf(province, code);
  return { reference: `Organization/${facility.id}`, display: facility.name.normalize('NFC') };
}

/** `Location/{id}` of the facility with this code (its Location shares the Organization's id). */
export function locationRef(province: Province, code: string): { reference: string } {
  return { reference: `Location/${facilityOf(province, code).id}` };
}
