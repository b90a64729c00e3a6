import type { FhirServices } from '../../fhir/context.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Thresholds } from '@lienthong/core';
import { matchOperations } from './match-operations.js';
import { stewardOperations } from './steward-operations.js';
import { MpiService } from './service.js';

export { MpiService } from './service.js';
export { dedupPass, type DedupSummary } from './dedup.js';
export { recordFeatures } from './features.js';
export { matchPersons } from './matcher.js';
export { mpiStore } from './store.js';
export { GOLDEN_TAG, MPI_TAG_SYSTEM } from './golden.js';

/**
 * The master patient index module: matches every Patient written, by any
 * path, from the change events of the one write path (docs/integrators/mpi.md).
 */
export function registerMpi(services: FhirServices, queue: JobQueue, thresholds: Thresholds): MpiService {
  const mpi = new MpiService(services.db, services.store, thresholds);
  queue.subscribe('mpi', (event) => mpi.patientChanged(event.id), ['Patient']);
  services.operations.push(...matchOperations(mpi), ...stewardOperations(mpi));
  services.recordsOf = (tx, id) => mpi.recordsOf(tx, id);
  return mpi;
}
