import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../storage/types.js';
import type { Membership } from './store.js';

export type EventKind =
  | 'auto-link'
  | 'auto-unlink'
  | 'link'
  | 'unlink'
  | 'merge'
  | 'review-link'
  /** A steward's "not the same person": moves nothing, keeps the pair apart (not-same.ts). */
  | 'review-not-same'
  /** The undo of a "not the same person": the pair is back in the review queue. */
  | 'review-reopen'
  | 'undo';

export interface MembershipEvent {
  id: string;
  at: string;
  kind: EventKind;
  actor: string;
  reason?: string;
  before: Membership[];
  after: Membership[];
  undoneBy?: string;
}

interface EventRow {
  id: string;
  at: string | Date;
  kind: EventKind;
  actor: string;
  reason: string | null;
  before: Membership[] | string;
  after: Membership[] | string;
  undone_by: string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const COLUMNS = 'id, at, kind, actor, reason, before, after, undone_by';

function eventOf(row: EventRow): MembershipEvent {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    actor: row.actor,
    ...(row.reason ? { reason: row.reason } : {}),
    before: json(row.before),
    after: json(row.after),
    ...(row.undone_by ? { undoneBy: row.undone_by } : {}),
  };
}

/** The log of membership changes: what each moved, from where, so any of them can be undone. */
export const eventStore = {
  async log(
    tx: Queryable,
    e: { kind: EventKind; actor: string; reason?: string; before: Membership[]; after: Membership[] },
  ): Promise<string> {
    const id = randomUUID();
    await tx.query(
      'INSERT INTO mpi_event (id, kind, actor, reason, before, after) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)',
      [id, e.kind, e.actor, e.reason ?? null, JSON.stringify(e.before), JSON.stringify(e.after)],
    );
    return id;
  },

  /** One event, locked until `tx` ends (an undo must not race another). */
  async get(tx: Queryable, id: string): Promise<MembershipEvent | undefined> {
    const { rows } = await tx.query<EventRow>(`SELECT ${COLUMNS} FROM mpi_event WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? eventOf(rows[0]) : undefined;
  },

  async markUndone(tx: Queryable, id: string, by: string): Promise<void> {
    await tx.query('UPDATE mpi_event SET undone_by = $2 WHERE id = $1', [id, by]);
  },

  /** The latest events touching a record (newest first). */
  async ofPatient(db: Queryable, patientId: string, limit = 20): Promise<MembershipEvent[]> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${COLUMNS} FROM mpi_event
        WHERE before @> jsonb_build_array(jsonb_build_object('patientId', $1::text))
           OR after @> jsonb_build_array(jsonb_build_object('patientId', $1::text))
        ORDER BY seq DESC LIMIT $2`,
      [patientId, limit],
    );
    return rows.map(eventOf);
  },
};
