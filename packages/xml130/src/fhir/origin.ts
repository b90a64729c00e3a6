import type { Resource } from '@medplum/fhirtypes';
import type { Xml130TableName } from '../layout.js';
import { RECEIVED_TABLE_SYSTEM } from './received-table.js';

/**
 * Every resource an XML 130 visit becomes (but its Patient and Coverages,
 * which outlive the visit) carries the table it was made from as a
 * meta.tag in the xml130-table code system. When a facility re-sends the
 * visit without a row, the importer deletes what refers to the visit's
 * Encounter and carries this tag but is no longer in the file — and only
 * that: a resource another client wrote about the same visit has no such
 * tag and is left alone.
 */
export function tagOrigin<T extends Resource>(table: Xml130TableName, resource: T): T {
  resource.meta = { ...resource.meta, tag: [{ system: RECEIVED_TABLE_SYSTEM, code: table }] };
  return resource;
}

/** The table of an XML 130 file a stored resource was made from (tagOrigin); undefined when not made from one. */
export function xml130Origin(resource: Resource): string | undefined {
  return resource.meta?.tag?.find((t) => t.system === RECEIVED_TABLE_SYSTEM)?.code;
}
