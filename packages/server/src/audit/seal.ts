import { createHash } from 'node:crypto';
import type { Db } from '../storage/types.js';

const LOCK_KEY = 4_242_002;
const BATCH = 2000;

export interface AuditRow {
  seq: string;
  recorded: string;
  content: string;
  action: string;
  outcome: string;
  agent_id: string | null;
  patient_ids: string[];
  break_glass: boolean;
}

/** The columns of an audit row that the chain protects (the searchable ones too). */
export const AUDIT_COLUMNS = 'seq, recorded, content, action, outcome, agent_id, patient_ids, break_glass';

/** The hash of one chain link: everything that must not change, plus the previous hash. */
export function linkHash(prevHash: string, chainSeq: number, row: AuditRow): string {
  const fields = [
    prevHash,
    chainSeq,
    row.seq,
    row.recorded,
    row.action,
    row.outcome,
    row.agent_id ?? '',
    [...row.patient_ids].sort().join(','),
    row.break_glass ? '1' : '0',
    row.content,
  ];
  return createHash('sha256').update(fields.join('\n')).digest('hex');
}

export const GENESIS = '0'.repeat(64);

/**
 * Seals committed audit rows into the hash chain, in the order this sealer
 * sees them (one sealer at a time, by advisory lock). Writers never wait for
 * the chain; a row is protected from the moment it is sealed (within seconds).
 * Returns the number of rows sealed.
 */
export async function sealAudit(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const { rows: head } = await tx.query<{ chain_seq: string; hash: string }>(
      'SELECT chain_seq, hash FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1',
    );
    let prev = head[0]?.hash ?? GENESIS;
    let chainSeq = Number(head[0]?.chain_seq ?? 0);
    const { rows } = await tx.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_event WHERE chain_seq IS NULL ORDER BY seq LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return 0;
    const seqs: string[] = [];
    const chainSeqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      chainSeq++;
      const hash = linkHash(prev, chainSeq, row);
      seqs.push(row.seq);
      chainSeqs.push(chainSeq);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await tx.query(
      `UPDATE audit_event a SET chain_seq = u.chain_seq, prev_hash = u.prev_hash, hash = u.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(seq, chain_seq, prev_hash, hash)
        WHERE a.seq = u.seq`,
      [seqs, chainSeqs, prevs, hashes],
    );
    return rows.length;
  });
}
