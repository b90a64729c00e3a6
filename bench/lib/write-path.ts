// The server's own write path, used in-process to load data fast: the same
// validation, index extraction, compartment assignment and single CTE
// statement as ResourceStore.write (packages/server/src/fhir/store.ts), with
// the caller choosing the id and the transaction size.
import type { Resource } from '@medplum/fhirtypes';
import { patientCompartments } from '../../packages/server/src/fhir/compartment.js';
import { extractIndexRows, type IndexRows } from '../../packages/server/src/fhir/search/extract.js';
import type { SearchRegistry } from '../../packages/server/src/fhir/search/registry.js';
import { validate } from '../../packages/server/src/fhir/validate.js';
import { writeStatement } from '../../packages/server/src/storage/write-sql.js';

export { extractIndexRows, patientCompartments, type IndexRows };
export { loadDefinitions } from '../../packages/server/src/fhir/definitions.js';
export { SearchRegistry } from '../../packages/server/src/fhir/search/registry.js';
export { executeSearch } from '../../packages/server/src/fhir/search/execute.js';
export { parseSearch } from '../../packages/server/src/fhir/search/request.js';

/** Version 1 of `resource` (which carries its id), as the store would write a create. */
export function createStatement(
  resource: Resource,
  registry: SearchRegistry,
  lastUpdated: string,
): { sql: string; params: unknown[]; rows: IndexRows } {
  validate(resource);
  const { resourceType, id, meta, ...rest } = resource;
  const stored = { resourceType, id, meta: { ...meta, versionId: '1', lastUpdated }, ...rest } as Resource;
  const rows = extractIndexRows(stored, registry);
  const { sql, params } = writeStatement({
    resourceType,
    id: id!,
    versionId: '1',
    lastUpdated,
    deleted: false,
    method: 'POST',
    content: JSON.stringify(stored),
    compartments: patientCompartments(resourceType, id!, rows, registry),
    rows,
    replaceIndex: false,
  });
  return { sql, params, rows };
}
