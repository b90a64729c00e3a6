/**
 * Pairwise quality of patient matching against labelled truth (used by the
 * end-to-end test and the benchmark). A true pair is two records of one
 * resident; a linked pair is two records the index put in one person; a
 * reviewed pair is one queued for a data steward.
 */
export interface Quality {
  truePairs: number;
  linkedPairs: number;
  linkPrecision: number;
  linkRecall: number;
  linkOrReviewRecall: number;
  /** Up to 20 examples of each error, as "a~b". */
  falseLinks: string[];
  missed: string[];
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}~${b}` : `${b}~${a}`);

function pairsWithin(groups: Iterable<readonly string[]>): Set<string> {
  const pairs = new Set<string>();
  for (const g of groups)
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairs.add(pairKey(g[i]!, g[j]!));
  return pairs;
}

export function pairQuality(
  /** Record ids of each resident. */
  truth: readonly (readonly string[])[],
  /** [record, person] for every indexed record. */
  membership: readonly (readonly [string, string])[],
  /** [record, candidate] of open reviews. */
  reviews: readonly (readonly [string, string])[],
): Quality {
  const truePairs = pairsWithin(truth);
  const persons = new Map<string, string[]>();
  for (const [record, person] of membership) persons.set(person, [...(persons.get(person) ?? []), record]);
  const linked = pairsWithin(persons.values());
  const reviewed = new Set(reviews.map(([a, b]) => pairKey(a, b)));
  let correct = 0;
  const falseLinks: string[] = [];
  for (const p of linked) {
    if (truePairs.has(p)) correct++;
    else if (falseLinks.length < 20) falseLinks.push(p);
  }
  let found = 0;
  const missed: string[] = [];
  for (const p of truePairs) {
    if (linked.has(p) || reviewed.has(p)) found++;
    else if (missed.length < 20) missed.push(p);
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : Math.round((a / b) * 10000) / 10000);
  return {
    truePairs: truePairs.size,
    linkedPairs: linked.size,
    linkPrecision: ratio(correct, linked.size),
    linkRecall: ratio(correct, truePairs.size),
    linkOrReviewRecall: ratio(found, truePairs.size),
    falseLinks,
    missed,
  };
}
