import {
  blockingKeys,
  decide,
  scorePair,
  type MatchFeatures,
  type MatchOutcome,
  type PairScore,
  type Thresholds,
} from '@lienthong/core';
import type { Queryable } from '../../storage/types.js';
import { mpiStore, type IndexedRecord } from './store.js';

/** The best evidence that a record is one of a person's records. */
export interface PersonMatch {
  personId: string;
  outcome: MatchOutcome;
  /** The person's record that matched best, and how. */
  best: IndexedRecord;
  score: PairScore;
}

/**
 * Compares features with the records sharing a blocking key and judges each
 * person they belong to by its best-matching record. A person with any
 * record in conflict (another valid CCCD, a shared identifier on someone
 * clearly different) cannot be linked automatically; pairs a steward
 * declared distinct are not compared at all. Best persons first.
 */
export async function matchPersons(
  tx: Queryable,
  features: MatchFeatures,
  thresholds: Thresholds,
  self?: { patientId: string; distinct: Set<string> },
): Promise<PersonMatch[]> {
  const candidates = await mpiStore.candidates(tx, blockingKeys(features), self?.patientId ?? '');
  return judgePersons(features, candidates, thresholds, self?.distinct);
}

/** matchPersons on candidates already read (mpiStore.surroundings). */
export function judgePersons(
  features: MatchFeatures,
  candidates: readonly IndexedRecord[],
  thresholds: Thresholds,
  distinct: ReadonlySet<string> = new Set(),
): PersonMatch[] {
  const persons = new Map<string, PersonMatch & { capped: boolean }>();
  for (const candidate of candidates) {
    if (distinct.has(candidate.patientId)) continue;
    const score = scorePair(features, candidate.features);
    const outcome = decide(score, thresholds);
    const capped = score.conflict !== undefined;
    const seen = persons.get(candidate.personId);
    if (!seen) {
      persons.set(candidate.personId, { personId: candidate.personId, outcome, best: candidate, score, capped });
      continue;
    }
    seen.capped ||= capped;
    if (score.weight > seen.score.weight) Object.assign(seen, { best: candidate, score, outcome });
  }
  const rank: Record<MatchOutcome, number> = { link: 0, review: 1, new: 2 };
  return [...persons.values()]
    .map(({ capped, ...m }) => (capped && m.outcome === 'link' ? { ...m, outcome: 'review' as const } : m))
    .sort((a, b) => rank[a.outcome] - rank[b.outcome] || b.score.weight - a.score.weight);
}
