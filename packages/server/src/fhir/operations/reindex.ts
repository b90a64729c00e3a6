import type { Resource, SearchParameter } from '@medplum/fhirtypes';
import { badRequest } from '@lienthong/core';
import type { FhirRequest, FhirResponse, FhirServices } from '../context.js';
import { extractIndexRows } from '../search/extract.js';
import { reindexStatement } from '../../storage/write-sql.js';

const BATCH = 500;

/**
 * `$reindex` (system or type level): reloads the SearchParameter resources
 * stored at run time, then rebuilds the search index of existing resources so
 * a newly posted parameter finds data written before it. No new versions are
 * made. See docs/api/search.md, "Your own search parameters".
 */
export async function reindex(services: FhirServices, req: FhirRequest, resourceType?: string): Promise<FhirResponse> {
  if (req.query.length > 0) throw badRequest('$reindex takes no parameters');
  await loadStoredSearchParameters(services);
  const types = resourceType ? [resourceType] : await typesInStore(services);
  let count = 0;
  for (const type of types) count += await reindexType(services, type);
  return {
    status: 200,
    headers: {},
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'reindexed', valueInteger: count },
        { name: 'types', valueString: types.join(',') },
      ],
    },
  };
}

/** Registers every active SearchParameter in the store (at start and on $reindex). */
export async function loadStoredSearchParameters(services: FhirServices): Promise<number> {
  const { rows } = await services.db.query<{ content: string }>(
    `SELECT content FROM resource WHERE resource_type = 'SearchParameter' AND NOT deleted`,
  );
  let n = 0;
  for (const row of rows) {
    const sp = JSON.parse(row.content) as SearchParameter;
    if (sp.status !== 'active') continue;
    services.registry.add(sp);
    n++;
  }
  return n;
}

async function typesInStore(services: FhirServices): Promise<string[]> {
  const { rows } = await services.db.query<{ resource_type: string }>(
    'SELECT DISTINCT resource_type FROM resource ORDER BY resource_type',
  );
  return rows.map((r) => r.resource_type);
}

async function reindexType(services: FhirServices, type: string): Promise<number> {
  let after = '';
  let count = 0;
  for (;;) {
    const { rows } = await services.db.query<{ id: string; content: string }>(
      `SELECT id, content FROM resource
        WHERE resource_type = $1 AND id > $2 AND NOT deleted ORDER BY id LIMIT ${BATCH}`,
      [type, after],
    );
    if (rows.length === 0) return count;
    await services.db.transaction(async (tx) => {
      for (const row of rows) {
        const resource = JSON.parse(row.content) as Resource;
        const { sql, params, name } = reindexStatement(type, row.id, extractIndexRows(resource, services.registry));
        await tx.query(sql, params, name);
      }
    });
    count += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}
