import type { Db } from '../storage/types.js';
import { AUDIT_COLUMNS, GENESIS, linkHash, type AuditRow } from './seal.js';

export interface AuditProblem {
  chainSeq: number;
  seq?: string;
  problem: string;
}

export interface AuditVerification {
  checked: number;
  unsealed: number;
  head?: { chainSeq: number; hash: string };
  problems: AuditProblem[];
}

/**
 * Walks the whole chain: every link must hash to what it says, point to the
 * hash before it, and follow it without a gap. An edited row fails its hash,
 * a deleted row leaves a gap, a reordered pair fails both hashes. Publish the
 * head hash elsewhere (logs, a report) to detect truncation of the tail.
 */
export async function verifyAudit(db: Db, onProgress?: (checked: number) => void): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  let head: AuditVerification['head'];
  for (;;) {
    const { rows } = await db.query<AuditRow & { chain_seq: string; prev_hash: string; hash: string }>(
      `SELECT ${AUDIT_COLUMNS}, chain_seq, prev_hash, hash FROM audit_event
        WHERE chain_seq > $1 ORDER BY chain_seq LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const chainSeq = Number(row.chain_seq);
      if (chainSeq !== expectedSeq) {
        problems.push({
          chainSeq: expectedSeq,
          problem: `entries ${expectedSeq}–${chainSeq - 1} are missing (deleted)`,
        });
      }
      if (row.prev_hash !== expectedPrev && chainSeq === expectedSeq) {
        problems.push({
          chainSeq,
          seq: row.seq,
          problem: 'does not follow the entry before it (reordered or replaced)',
        });
      }
      if (linkHash(row.prev_hash, chainSeq, row) !== row.hash) {
        problems.push({
          chainSeq,
          seq: row.seq,
          problem: 'content, time, agent, outcome or patients were changed after sealing',
        });
      }
      expectedPrev = row.hash;
      expectedSeq = chainSeq + 1;
      head = { chainSeq, hash: row.hash };
      checked++;
    }
    after = Number(rows[rows.length - 1]!.chain_seq);
    onProgress?.(checked);
  }
  const { rows: unsealed } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM audit_event WHERE chain_seq IS NULL',
  );
  return { checked, unsealed: Number(unsealed[0]!.n), ...(head ? { head } : {}), problems };
}
