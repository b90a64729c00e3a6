import { createHash } from 'node:crypto';
import type { Db } from '../storage/types.js';

const LOCK_KEY = 4_242_002;
const BATCH = 2000;

interface Row {
  seq: string;
  recorded: string;
  content: string;
}

/** The hash of one chain link: everything that must not change, plus the previous hash. */
export function linkHash(prevHash: string, chainSeq: number, row: Row): string {
  return createHash('sha256')
    .update(`${prevHash}\n${chainSeq}\n${row.seq}\n${row.recorded}\n${row.content}`)
    .digest('hex');
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
    const { rows } = await tx.query<Row>(
      `SELECT seq, recorded, content FROM audit_event WHERE chain_seq IS NULL ORDER BY seq LIMIT ${BATCH}`,
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
