import type { Resource } from '@medplum/fhirtypes';
import type { Facility, Province, ResidentLife } from './model.js';
import { Random } from './random.js';
import { lifeOf } from './life.js';
import { drawReceipts } from './pharmacy.js';
import { facilityResources, lifeResources, receiptResources, workerResources } from './fhir/index.js';

/**
 * One piece of the province in the order it must be stored: what everyone
 * references (facilities, staff, pharmacy stock) first, then one resident at
 * a time with everything of theirs. A resident's part references only shared
 * things and itself, so any run of parts can be written on its own.
 */
export type ProvincePart =
  | { kind: 'shared'; label: string; resources: Resource[] }
  | { kind: 'resident'; life: ResidentLife; resources: Resource[] };

/** The shared parts: facilities (parents before the stations they run) and their staff. */
export function* sharedParts(province: Province): Generator<ProvincePart> {
  for (const facility of parentsFirst(province.facilities)) {
    yield { kind: 'shared', label: `facility ${facility.code}`, resources: facilityResources(province, facility) };
  }
  for (const worker of province.workers) {
    yield { kind: 'shared', label: `health worker ${worker.licence}`, resources: workerResources(province, worker) };
  }
}

/** Pharmacy stock: each pharmacy's purchase receipts (what its sales draw their batches from). */
export function* stockParts(province: Province): Generator<ProvincePart> {
  const random = Random.seeded(province.seed).stream('receipts');
  for (const pharmacy of province.facilities.filter((f) => f.kind === 'pharmacy')) {
    for (const receipt of drawReceipts(province, random.stream(pharmacy.code), pharmacy)) {
      yield {
        kind: 'shared',
        label: `receipt ${receipt.receipt} of ${pharmacy.code}`,
        resources: receiptResources(province, receipt),
      };
    }
  }
}

/**
 * Which resources to produce: everything; only the people (facilities,
 * staff and every resident's Patient records); or only the histories
 * (pharmacy stock and everything that happened to the residents), for a
 * province whose people are already stored.
 */
export type Stage = 'all' | 'people' | 'histories';

/** Residents `from` (included) to `to` (excluded), one part each; the life is whole whatever the stage. */
export function* residentParts(
  province: Province,
  from = 0,
  to = province.residents,
  stage: Stage = 'all',
): Generator<ProvincePart> {
  for (let index = from; index < to; index++) {
    const life = lifeOf(province, index);
    const resources =
      stage === 'people'
        ? lifeResources(province, { ...life, visits: [], vaccinations: [], sales: [] })
        : stage === 'histories'
          ? lifeResources(province, life).filter((r) => r.resourceType !== 'Patient')
          : lifeResources(province, life);
    yield { kind: 'resident', life, resources };
  }
}

function parentsFirst(facilities: readonly Facility[]): Facility[] {
  const depth = (f: Facility): number => (f.partOf ? 1 : 0);
  return [...facilities].sort((a, b) => depth(a) - depth(b));
}
