import { decide, scorePair, type MatchFeatures, type PairScore, type Thresholds } from '@lienthong/core';
import type { Queryable } from '../../storage/types.js';
import { reviewStore } from './reviews.js';
import { MAX_BLOCK, type LinkKind } from './store.js';

const PAGE = 50_000;

interface Entry {
  features: MatchFeatures;
  personId: string;
  linkKind: LinkKind;
}

export interface DedupSummary {
  records: number;
  blocks: number;
  pairsScored: number;
  links: number;
  reviews: number;
  /** Records whose person changed. */
  moved: number;
  persons: number;
  /** Persons whose golden record must be rebuilt. */
  changedPersons: string[];
  /** Persons left without records, and the person their records joined. */
  retired: Map<string, string>;
}

/** Union–find over record indexes, each root knowing its members. */
class Clusters {
  private readonly parent: Int32Array;
  readonly members = new Map<number, number[]>();
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  of(root: number): number[] {
    return this.members.get(root) ?? [root];
  }
  union(a: number, b: number): void {
    const [big, small] = this.of(a).length >= this.of(b).length ? [a, b] : [b, a];
    this.parent[small] = big;
    this.members.set(big, [...this.of(big), ...this.of(small)]);
    this.members.delete(small);
  }
}

/**
 * A full de-duplication pass over the index (after a bulk load, or new
 * thresholds): every pair of records sharing a blocking key is scored once
 * per shared key, links are applied strongest first as long as no record
 * of one cluster conflicts with one of the other (another valid CCCD, a
 * steward's "not the same"), and two persons a steward set up are never
 * merged automatically. Cost grows with the records and the block sizes,
 * not with the square of the province.
 */
export async function dedupPass(
  db: Queryable,
  thresholds: Thresholds,
  onProgress?: (stage: string, done: number) => void,
): Promise<DedupSummary> {
  const ids: string[] = [];
  const entries: Entry[] = [];
  const index = new Map<string, number>();
  for (let after = ''; ;) {
    const { rows } = await db.query<{
      patient_id: string;
      person_id: string;
      link_kind: LinkKind;
      features: MatchFeatures | string;
    }>(
      'SELECT patient_id, person_id, link_kind, features FROM mpi_record WHERE patient_id > $1 ORDER BY patient_id LIMIT $2',
      [after, PAGE],
    );
    for (const r of rows) {
      index.set(r.patient_id, ids.length);
      ids.push(r.patient_id);
      const features = typeof r.features === 'string' ? (JSON.parse(r.features) as MatchFeatures) : r.features;
      entries.push({ features, personId: r.person_id, linkKind: r.link_kind });
    }
    onProgress?.('read', ids.length);
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.patient_id;
  }

  const conflicts = new Map<number, Set<number>>();
  const addConflict = (a: number, b: number): void => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = conflicts.get(x) ?? new Set<number>();
      set.add(y);
      conflicts.set(x, set);
    }
  };
  const { rows: distinct } = await db.query<{ patient_a: string; patient_b: string }>(
    'SELECT patient_a, patient_b FROM mpi_distinct',
  );
  for (const d of distinct) {
    const [a, b] = [index.get(d.patient_a), index.get(d.patient_b)];
    if (a !== undefined && b !== undefined) addConflict(a, b);
  }

  const links: [number, number, number][] = [];
  const reviews = new Map<string, [number, number, PairScore]>();
  let blocks = 0;
  let pairsScored = 0;
  const scoreBlock = (block: number[]): void => {
    blocks++;
    if (block.length < 2 || block.length > MAX_BLOCK) return;
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const [a, b] = [block[i]!, block[j]!];
        const score = scorePair(entries[a]!.features, entries[b]!.features);
        pairsScored++;
        if (score.conflict) addConflict(a, b);
        const outcome = decide(score, thresholds);
        if (outcome === 'link') links.push([a, b, score.weight]);
        else if (outcome === 'review') reviews.set(a < b ? `${a}~${b}` : `${b}~${a}`, [a, b, score]);
      }
    }
  };
  let block: number[] = [];
  let blockKey = '';
  for (let after: [string, string] = ['', '']; ;) {
    const { rows } = await db.query<{ key: string; patient_id: string }>(
      'SELECT key, patient_id FROM mpi_key WHERE (key, patient_id) > ($1, $2) ORDER BY key, patient_id LIMIT $3',
      [after[0], after[1], PAGE],
    );
    for (const r of rows) {
      if (r.key !== blockKey) {
        scoreBlock(block);
        block = [];
        blockKey = r.key;
      }
      const i = index.get(r.patient_id);
      if (i !== undefined) block.push(i);
    }
    onProgress?.('pairs', pairsScored);
    if (rows.length < PAGE) break;
    after = [rows.at(-1)!.key, rows.at(-1)!.patient_id];
  }
  scoreBlock(block);

  // Steward decisions stand: their persons are clusters from the start.
  const clusters = new Clusters(ids.length);
  const stewardRoot = new Map<string, number>();
  entries.forEach((e, i) => {
    if (e.linkKind !== 'steward') return;
    const root = stewardRoot.get(e.personId);
    if (root === undefined) stewardRoot.set(e.personId, i);
    else clusters.union(clusters.find(root), clusters.find(i));
  });
  const pinned = (root: number): boolean => clusters.of(root).some((i) => entries[i]!.linkKind === 'steward');
  links.sort((x, y) => y[2] - x[2]);
  for (const [a, b] of links) {
    const [ra, rb] = [clusters.find(a), clusters.find(b)];
    if (ra === rb) continue;
    const clash =
      (pinned(ra) && pinned(rb)) || clusters.of(ra).some((i) => clusters.of(rb).some((j) => conflicts.get(i)?.has(j)));
    if (clash) {
      const score = scorePair(entries[a]!.features, entries[b]!.features);
      reviews.set(a < b ? `${a}~${b}` : `${b}~${a}`, [a, b, score]);
    } else {
      clusters.union(ra, rb);
    }
  }

  // Each cluster keeps the person id most of its records already have, so golden records stay put.
  const moves: { patientId: string; personId: string; linkKind: LinkKind }[] = [];
  const changed = new Set<string>();
  const kept = new Set<string>();
  const wentTo = new Map<string, string>();
  const roots = new Set<number>();
  for (let i = 0; i < ids.length; i++) roots.add(clusters.find(i));
  for (const root of roots) {
    const members = clusters.of(root);
    const votes = new Map<string, number>();
    for (const i of members) votes.set(entries[i]!.personId, (votes.get(entries[i]!.personId) ?? 0) + 1);
    const personId = [...votes.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
    kept.add(personId);
    for (const i of members) {
      const e = entries[i]!;
      if (e.personId === personId) continue;
      const linkKind: LinkKind = e.linkKind === 'steward' ? 'steward' : members.length > 1 ? 'auto' : 'new';
      moves.push({ patientId: ids[i]!, personId, linkKind });
      wentTo.set(e.personId, personId);
      changed.add(e.personId);
      changed.add(personId);
    }
  }
  for (let k = 0; k < moves.length; k += 5000) {
    const slice = moves.slice(k, k + 5000);
    await db.query(
      `UPDATE mpi_record r SET person_id = m.person_id, link_kind = m.link_kind, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS m(patient_id, person_id, link_kind)
        WHERE r.patient_id = m.patient_id`,
      [slice.map((m) => m.patientId), slice.map((m) => m.personId), slice.map((m) => m.linkKind)],
    );
  }
  let queued = 0;
  for (const [a, b, score] of reviews.values()) {
    if (clusters.find(a) === clusters.find(b)) continue;
    await reviewStore.open(db, ids[a]!, ids[b]!, score);
    queued++;
  }
  return {
    records: ids.length,
    blocks,
    pairsScored,
    links: links.length,
    reviews: queued,
    moved: moves.length,
    persons: roots.size,
    changedPersons: [...changed],
    retired: new Map([...wentTo].filter(([from]) => !kept.has(from))),
  };
}
