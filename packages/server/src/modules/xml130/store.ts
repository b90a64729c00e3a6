import type { Resource } from '@medplum/fhirtypes';
import { SID } from '@lienthong/core';
import type { Queryable } from '../../storage/db.js';
import type { AccessPolicy } from '../../auth/policy.js';
import { SqlParams } from '../../storage/sql-params.js';

/** The reads the XML 130 import and export need, beside the one write path (which does every write). */
export const xml130Store = {
  /**
   * The Patients holding each identifier (a facility's MA_BN), in one query:
   * by `system|value`, normally one each.
   */
  async patientsByIdentifiers(
    db: Queryable,
    identifiers: readonly [string, string][],
  ): Promise<Map<string, Resource[]>> {
    const found = new Map<string, Resource[]>();
    if (identifiers.length === 0) return found;
    const { rows } = await db.query<{ system: string; value: string; content: string }>(
      `SELECT t.system, t.value, r.content
         FROM unnest($1::text[], $2::text[]) AS k(system, value)
         JOIN sp_token t ON t.resource_type = 'Patient' AND t.code = 'identifier'
                        AND t.system = k.system AND t.value = k.value
         JOIN resource r ON r.resource_type = t.resource_type AND r.id = t.id
        WHERE NOT r.deleted`,
      [identifiers.map(([system]) => system), identifiers.map(([, value]) => value)],
    );
    for (const r of rows) {
      const key = `${r.system}|${r.value}`;
      found.set(key, [...(found.get(key) ?? []), JSON.parse(r.content) as Resource]);
    }
    return found;
  },

  /**
   * Takes each key's lock (as ResourceStore.lock) if no other transaction
   * holds it, without waiting; answers the keys another transaction holds.
   * Never waiting, it cannot deadlock whatever the order.
   */
  async tryLocks(tx: Queryable, keys: readonly string[]): Promise<Set<string>> {
    const { rows } = await tx.query<{ k: string }>(
      'SELECT k FROM unnest($1::text[]) AS k WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k, 0))',
      [keys],
    );
    return new Set(rows.map((r) => r.k));
  },

  /**
   * The stored visits (Encounters) whose MA_LK is `maLk`, at any facility:
   * a bare table's rows name their visit by MA_LK only.
   */
  async encountersByMaLk(db: Queryable, maLk: string): Promise<Resource[]> {
    const { rows } = await db.query<{ content: string }>(
      `SELECT r.content FROM sp_token t
         JOIN resource r ON r.resource_type = t.resource_type AND r.id = t.id
        WHERE t.resource_type = 'Encounter' AND t.code = 'identifier' AND t.value = $1
          AND starts_with(t.system, $2) AND NOT r.deleted`,
      [maLk, SID.maLk('')],
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
   * One read for an import of one or more visits: the current content of
   * each named resource, and besides them every other current resource that
   * refers to one of the visits' Encounters (what an earlier version of a
   * file may have made from rows it no longer has), by Encounter id. One
   * query, so the removal check costs no round trip.
   */
  async visitContents(
    db: Queryable,
    refs: readonly [string, string][],
    encounterIds: readonly string[],
  ): Promise<{ named: Map<string, Resource>; others: Map<string, Resource[]> }> {
    const { rows } = await db.query<{ resource_type: string; id: string; content: string; encounter: string | null }>(
      `SELECT r.resource_type, r.id, r.content, NULL AS encounter
         FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id)
           ON r.resource_type = k.resource_type AND r.id = k.id
        WHERE NOT r.deleted
       UNION ALL
       SELECT r.resource_type, r.id, r.content, x.target_id AS encounter
         FROM (SELECT DISTINCT resource_type, id, target_id FROM sp_reference
                WHERE target_type = 'Encounter' AND target_id = ANY($3::text[])) x
         JOIN resource r ON r.resource_type = x.resource_type AND r.id = x.id
        WHERE NOT r.deleted
          AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS k(resource_type, id)
                           WHERE k.resource_type = r.resource_type AND k.id = r.id)`,
      [refs.map(([t]) => t), refs.map(([, id]) => id), encounterIds],
    );
    const named = new Map<string, Resource>();
    const others = new Map<string, Resource[]>();
    for (const r of rows) {
      const resource = JSON.parse(r.content) as Resource;
      if (r.encounter === null) named.set(`${r.resource_type}/${r.id}`, resource);
      else others.set(r.encounter, [...(others.get(r.encounter) ?? []), resource]);
    }
    return { named, others };
  },

  /** The versions of a resource that is not deleted now, newest first (none when it is). */
  async versions(db: Queryable, resourceType: string, id: string): Promise<Resource[]> {
    const { rows } = await db.query<{ deleted: boolean; content: string | null }>(
      `SELECT deleted, content FROM resource_history
        WHERE resource_type = $1 AND id = $2 ORDER BY version_id DESC`,
      [resourceType, id],
    );
    if (rows[0]?.deleted !== false) return [];
    return rows.flatMap((r) => (r.deleted || !r.content ? [] : [JSON.parse(r.content) as Resource]));
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
