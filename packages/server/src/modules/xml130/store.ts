import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../storage/db.js';
import type { AccessPolicy } from '../../auth/policy.js';
import { SqlParams } from '../../fhir/search/sql-params.js';

/** The reads the XML 130 import and export need, beside the one write path (which does every write). */
export const xml130Store = {
  /** The Patients holding this identifier (the facility's MA_BN): normally one. */
  async patientsByIdentifier(db: Queryable, system: string, value: string): Promise<Resource[]> {
    const { rows } = await db.query<{ content: string }>(
      `SELECT r.content FROM resource r
         JOIN sp_token t ON t.resource_type = r.resource_type AND t.id = r.id
        WHERE r.resource_type = 'Patient' AND NOT r.deleted
          AND t.code = 'identifier' AND t.system = $1 AND t.value = $2`,
      [system, value],
    );
    return rows.map((r) => JSON.parse(r.content) as Resource);
  },

  /** The current content of each named resource that exists (deleted ones are absent). */
  async currentContents(db: Queryable, refs: readonly [string, string][]): Promise<Map<string, Resource>> {
    if (refs.length === 0) return new Map();
    const { rows } = await db.query<{ resource_type: string; id: string; content: string }>(
      `SELECT r.resource_type, r.id, r.content
         FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id)
           ON r.resource_type = k.resource_type AND r.id = k.id
        WHERE NOT r.deleted`,
      [refs.map(([t]) => t), refs.map(([, id]) => id)],
    );
    return new Map(rows.map((r) => [`${r.resource_type}/${r.id}`, JSON.parse(r.content) as Resource]));
  },

  /** What refers to an Encounter (its visit's rows), as the caller may see it. */
  async referringTo(db: Queryable, encounterId: string, policy?: AccessPolicy): Promise<Resource[]> {
    const p = new SqlParams();
    const target = p.add(encounterId);
    const visible = policy?.rowSql('r', p);
    const { rows } = await db.query<{ content: string }>(
      `SELECT DISTINCT r.resource_type, r.id, r.content FROM resource r
         JOIN sp_reference x ON x.resource_type = r.resource_type AND x.id = r.id
        WHERE x.target_type = 'Encounter' AND x.target_id = ${target} AND NOT r.deleted${visible ? ` AND ${visible}` : ''}`,
      p.values,
    );
    return rows.map((r) => JSON.parse(r.content) as Resource);
  },
};
