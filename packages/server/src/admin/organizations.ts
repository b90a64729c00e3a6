import type { Queryable } from '../storage/types.js';
import { invalid } from './errors.js';

/** The names of Organizations by id (current, not deleted), for lists that show a facility. */
export async function organizationNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  const names = new Map<string, string>();
  if (!unique.length) return names;
  const { rows } = await db.query<{ id: string; name: string | null }>(
    `SELECT id, content::jsonb->>'name' AS name FROM resource
      WHERE resource_type = 'Organization' AND id = ANY($1::text[]) AND NOT deleted`,
    [unique],
  );
  for (const r of rows) if (r.name) names.set(r.id, r.name);
  return names;
}

/** Refuses (400) an organizationId that names no Organization: an account or client must belong to a real facility. */
export async function checkOrganization(db: Queryable, id: string | undefined): Promise<void> {
  if (!id) return;
  const { rows } = await db.query(
    `SELECT 1 FROM resource WHERE resource_type = 'Organization' AND id = $1 AND NOT deleted`,
    [id],
  );
  if (!rows.length) throw invalid(`No Organization "${id}": register the facility first`, 'organizationId');
}
