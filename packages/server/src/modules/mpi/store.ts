import type { MatchFeatures } from '@lienthong/core';
import type { Queryable } from '../../storage/types.js';

/** How a record came to be in its person (see 0005_mpi.sql). */
export type LinkKind = 'new' | 'auto' | 'steward';

export interface Membership {
  patientId: string;
  personId: string;
  linkKind: LinkKind;
}

export interface IndexedRecord extends Membership {
  features: MatchFeatures;
}

interface RecordRow {
  patient_id: string;
  person_id: string;
  link_kind: LinkKind;
  features: MatchFeatures | string;
}

function indexed(row: RecordRow): IndexedRecord {
  return {
    patientId: row.patient_id,
    personId: row.person_id,
    linkKind: row.link_kind,
    features: typeof row.features === 'string' ? (JSON.parse(row.features) as MatchFeatures) : row.features,
  };
}

/**
 * A blocking key shared by more records than this is too common to be
 * evidence (a clinic's hotline given as everyone's phone); the other keys
 * cover its records. The de-duplication pass skips the same blocks.
 */
export const MAX_BLOCK = 100;

/** The records sharing a blocking key of $1 (of at most MAX_BLOCK records), other than $2 itself. */
const CANDIDATES = `
  WITH hits AS (
    SELECT wanted.key, k.patient_id, count(*) OVER (PARTITION BY wanted.key) AS block
      FROM unnest($1::text[]) AS wanted(key),
           LATERAL (SELECT patient_id FROM mpi_key WHERE mpi_key.key = wanted.key LIMIT ${MAX_BLOCK + 1}) AS k)
  SELECT r.patient_id, r.person_id, r.link_kind, r.features
    FROM mpi_record r
   WHERE r.patient_id IN (SELECT patient_id FROM hits WHERE block <= ${MAX_BLOCK}) AND r.patient_id <> $2`;

/** What placing a record reads (mpiStore.surroundings). */
export interface Surroundings {
  record?: IndexedRecord;
  distinct: Set<string>;
  candidates: IndexedRecord[];
}

/** SQL of the master patient index; every function runs in the caller's transaction. */
export const mpiStore = {
  async record(tx: Queryable, patientId: string): Promise<IndexedRecord | undefined> {
    const { rows } = await tx.query<RecordRow>(
      'SELECT patient_id, person_id, link_kind, features FROM mpi_record WHERE patient_id = $1',
      [patientId],
    );
    return rows[0] ? indexed(rows[0]) : undefined;
  },

  /** Saves a record's place and features and replaces its blocking keys, in one statement. */
  async save(tx: Queryable, record: IndexedRecord, warnings: string[], keys: string[]): Promise<void> {
    await tx.query(
      `WITH saved AS (
         INSERT INTO mpi_record (patient_id, person_id, link_kind, features, warnings, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, now())
         ON CONFLICT (patient_id) DO UPDATE SET person_id = EXCLUDED.person_id, link_kind = EXCLUDED.link_kind,
           features = EXCLUDED.features, warnings = EXCLUDED.warnings, updated_at = now()),
       gone AS (DELETE FROM mpi_key WHERE patient_id = $1 AND NOT key = ANY($6::text[]))
       INSERT INTO mpi_key (key, patient_id) SELECT k, $1 FROM unnest($6::text[]) AS k ON CONFLICT DO NOTHING`,
      [
        record.patientId,
        record.personId,
        record.linkKind,
        JSON.stringify(record.features),
        JSON.stringify(warnings),
        keys,
      ],
      'lt_mpi_save_2',
    );
  },

  async remove(tx: Queryable, patientId: string): Promise<void> {
    await tx.query('DELETE FROM mpi_key WHERE patient_id = $1', [patientId]);
    await tx.query('DELETE FROM mpi_record WHERE patient_id = $1', [patientId]);
  },

  /**
   * What placing a record reads, in one round trip: the record as indexed
   * now, the records a steward declared distinct from it, and the records
   * sharing a blocking key (of at most MAX_BLOCK records) with `keys`.
   */
  async surroundings(tx: Queryable, patientId: string, keys: string[]): Promise<Surroundings> {
    const { rows } = await tx.query<{ record: RecordRow | null; distinct_from: string[]; candidates: RecordRow[] }>(
      `SELECT
         (SELECT row_to_json(m) FROM (SELECT patient_id, person_id, link_kind, features
                                        FROM mpi_record WHERE patient_id = $2) AS m) AS record,
         (SELECT coalesce(json_agg(other), '[]') FROM (
            SELECT patient_b AS other FROM mpi_distinct WHERE patient_a = $2
            UNION SELECT patient_a FROM mpi_distinct WHERE patient_b = $2) AS d) AS distinct_from,
         (SELECT coalesce(json_agg(c), '[]') FROM (${CANDIDATES}) AS c) AS candidates`,
      [keys, patientId],
      'lt_mpi_surroundings_1',
    );
    const row = rows[0]!;
    return {
      ...(row.record ? { record: indexed(row.record) } : {}),
      distinct: new Set(row.distinct_from),
      candidates: row.candidates.map(indexed),
    };
  },

  /** Records sharing a blocking key (of at most MAX_BLOCK records) with `keys`, other than `patientId` itself. */
  async candidates(tx: Queryable, keys: string[], patientId: string): Promise<IndexedRecord[]> {
    if (keys.length === 0) return [];
    const { rows } = await tx.query<RecordRow>(CANDIDATES, [keys, patientId], 'lt_mpi_candidates_3');
    return rows.map(indexed);
  },

  async members(tx: Queryable, personId: string): Promise<Membership[]> {
    const { rows } = await tx.query<RecordRow>(
      'SELECT patient_id, person_id, link_kind FROM mpi_record WHERE person_id = $1 ORDER BY patient_id',
      [personId],
    );
    return rows.map((r) => ({ patientId: r.patient_id, personId: r.person_id, linkKind: r.link_kind }));
  },

  /** The person of a source record, or the person whose golden record this id is. */
  async personOf(tx: Queryable, id: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ person_id: string }>(
      `SELECT person_id FROM mpi_record WHERE patient_id = $1
       UNION ALL SELECT person_id FROM mpi_record WHERE person_id = $1 LIMIT 1`,
      [id],
    );
    return rows[0]?.person_id;
  },

  async move(tx: Queryable, moves: readonly Membership[]): Promise<void> {
    if (moves.length === 0) return;
    await tx.query(
      `UPDATE mpi_record r SET person_id = m.person_id, link_kind = m.link_kind, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS m(patient_id, person_id, link_kind)
        WHERE r.patient_id = m.patient_id`,
      [moves.map((m) => m.patientId), moves.map((m) => m.personId), moves.map((m) => m.linkKind)],
    );
  },

  async setDistinct(tx: Queryable, a: string, others: readonly string[], distinct: boolean): Promise<void> {
    for (const b of others) {
      if (a === b) continue;
      const [x, y] = a < b ? [a, b] : [b, a];
      await tx.query(
        distinct
          ? 'INSERT INTO mpi_distinct (patient_a, patient_b) VALUES ($1, $2) ON CONFLICT DO NOTHING'
          : 'DELETE FROM mpi_distinct WHERE patient_a = $1 AND patient_b = $2',
        [x, y],
      );
    }
  },
};
