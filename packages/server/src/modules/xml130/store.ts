import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../storage/db.js';
import type { AccessPolicy } from '../../auth/policy.js';
import { SqlParams } from '../../storage/sql-params.js';

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

  /**
   * One read for an import: the current content of each named resource, and
   * besides them every other current resource that refers to the visit's
   * Encounter (what an earlier version of the file may have made from rows
   * it no longer has). One query, so the removal check costs no round trip.
   */
  async visitContents(
    db: Queryable,
    refs: readonly [string, string][],
    encounterId: string,
  ): Promise<{ named: Map<string, Resource>; others: Resource[] }> {
    const { rows } = await db.query<{ resource_type: string; id: string; content: string; named: boolean }>(
      `SELECT r.resource_type, r.id, r.content, true AS named
         FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id)
           ON r.resource_type = k.resource_type AND r.id = k.id
        WHERE NOT r.deleted
       UNION ALL
       SELECT r.resource_type, r.id, r.content, false AS named
         FROM (SELECT DISTINCT resource_type, id FROM sp_reference
                WHERE target_type = 'Encounter' AND target_id = $3) x
         JOIN resource r ON r.resource_type = x.resource_type AND r.id = x.id
        WHERE NOT r.deleted
          AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS k(resource_type, id)
                           WHERE k.resource_type = r.resource_type AND k.id = r.id)`,
      [refs.map(([t]) => t), refs.map(([, id]) => id), encounterId],
    );
    const named = new Map<string, Resource>();
    const others: Resource[] = [];
    for (const r of rows) {
      const resource = JSON.parse(r.content) as Resource;
      if (r.named) named.set(`${r.resource_type}/${r.id}`, resource);
      else others.push(resource);
    }
    return { named, others };
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
