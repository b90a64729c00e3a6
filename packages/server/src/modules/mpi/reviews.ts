import { randomUUID } from 'node:crypto';
import type { PairScore } from '@lienthong/core';
import type { Queryable } from '../../storage/types.js';

export type ReviewStatus = 'open' | 'linked' | 'not-same' | 'withdrawn';

export interface Review {
  id: string;
  patientId: string;
  candidateId: string;
  weight: number;
  detail: PairScore;
  status: ReviewStatus;
  createdAt: string;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
}

interface ReviewRow {
  id: string;
  patient_id: string;
  candidate_id: string;
  weight: number;
  detail: PairScore | string;
  status: ReviewStatus;
  created_at: string | Date;
  decided_at: string | Date | null;
  decided_by: string | null;
  reason: string | null;
}

const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

function review(row: ReviewRow): Review {
  return {
    id: row.id,
    patientId: row.patient_id,
    candidateId: row.candidate_id,
    weight: Number(row.weight),
    detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as PairScore) : row.detail,
    status: row.status,
    createdAt: iso(row.created_at),
    ...(row.decided_at ? { decidedAt: iso(row.decided_at) } : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

const COLUMNS = 'id, patient_id, candidate_id, weight, detail, status, created_at, decided_at, decided_by, reason';

/** The review queue of possible duplicates, for data stewards. */
export const reviewStore = {
  /** Queues a pair unless it is already waiting. */
  async open(tx: Queryable, patientId: string, candidateId: string, score: PairScore): Promise<void> {
    await tx.query(
      `INSERT INTO mpi_review (id, patient_id, candidate_id, weight, detail) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT DO NOTHING`,
      [randomUUID(), patientId, candidateId, score.weight, JSON.stringify(score)],
    );
  },

  async get(tx: Queryable, id: string, forUpdate = false): Promise<Review | undefined> {
    const { rows } = await tx.query<ReviewRow>(
      `SELECT ${COLUMNS} FROM mpi_review WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? review(rows[0]) : undefined;
  },

  async list(
    db: Queryable,
    status: ReviewStatus,
    count: number,
    offset: number,
  ): Promise<{ total: number; items: Review[] }> {
    const { rows } = await db.query<ReviewRow>(
      `SELECT ${COLUMNS} FROM mpi_review WHERE status = $1 ORDER BY weight DESC, created_at, id LIMIT $2 OFFSET $3`,
      [status, count, offset],
    );
    const total = await db.query<{ n: string }>('SELECT count(*) AS n FROM mpi_review WHERE status = $1', [status]);
    return { total: Number(total.rows[0]!.n), items: rows.map(review) };
  },

  async close(tx: Queryable, id: string, status: ReviewStatus, by: string, reason: string | undefined): Promise<void> {
    await tx.query(
      'UPDATE mpi_review SET status = $2, decided_at = now(), decided_by = $3, reason = $4 WHERE id = $1',
      [id, status, by, reason ?? null],
    );
  },

  /** Open reviews between any of `a` and any of `b` are settled by a steward's link, unlink or merge. */
  async settle(
    tx: Queryable,
    a: readonly string[],
    b: readonly string[],
    status: ReviewStatus,
    by: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE mpi_review SET status = $3, decided_at = now(), decided_by = $4
        WHERE status = 'open' AND ((patient_id = ANY($1) AND candidate_id = ANY($2))
                                OR (patient_id = ANY($2) AND candidate_id = ANY($1)))`,
      [a, b, status, by],
    );
  },

  /**
   * Puts the pair's latest "not the same" decision back in the queue (an undo).
   * False when there is none, or the pair is already waiting.
   */
  async reopen(tx: Queryable, a: string, b: string): Promise<boolean> {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE mpi_review SET status = 'open', decided_at = NULL, decided_by = NULL, reason = NULL
        WHERE id = (SELECT id FROM mpi_review
                     WHERE status = 'not-same'
                       AND ((patient_id = $1 AND candidate_id = $2) OR (patient_id = $2 AND candidate_id = $1))
                     ORDER BY decided_at DESC LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM mpi_review
                           WHERE status = 'open'
                             AND ((patient_id = $1 AND candidate_id = $2) OR (patient_id = $2 AND candidate_id = $1)))
        RETURNING id`,
      [a, b],
    );
    return rows.length > 0;
  },

  /** A deleted record's reviews have nothing left to decide. */
  async withdraw(tx: Queryable, patientId: string): Promise<void> {
    await tx.query(
      `UPDATE mpi_review SET status = 'withdrawn', decided_at = now(), decided_by = 'lienthong'
        WHERE status = 'open' AND (patient_id = $1 OR candidate_id = $1)`,
      [patientId],
    );
  },
};
