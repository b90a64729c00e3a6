import { readXml130File, type Xml130Problem, type Xml130Visit } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirServices } from '../../fhir/context.js';
import { Xml130FeedRecorder } from '../../admin/feed-log.js';
import type { VisitImportResult } from './prepare-visit.js';
import { importVisits } from './import-visits.js';

/**
 * Visits read ahead before they are grouped into transactions: enough for
 * the groups to fill with visits of different patients when files come a
 * patient's visits in a row; few enough to hold in memory.
 */
export const VISITS_READ_AHEAD = 50;

export interface FileImportResult {
  /** What is wrong with the file as a whole (unreadable, too large…): then it has no visits. */
  problems: Pick<Xml130Problem, 'rule' | 'message' | 'severity'>[];
  visits: VisitImportResult[];
}

/** Imports one XML 130 file: see importXml130Files. */
export async function importXml130File(
  services: FhirServices,
  caller: Caller,
  bytes: Uint8Array | string,
  options: { maxBytes?: number } = {},
): Promise<FileImportResult> {
  const [result] = await importXml130Files(services, caller, [bytes], options);
  return result!;
}

/**
 * Imports XML 130 files, a result per file in their order. Each visit is
 * read, checked and mapped on its own, so a bad visit fails alone; the
 * visits of all the files are read VISITS_READ_AHEAD at a time and written a
 * few per transaction (importVisits), so many small files (a visit each, as
 * HIS usually send them) cost no more than one large one, and a large file
 * is never held as FHIR all at once.
 * Every visit's outcome (and a refused file's) goes on the data-feed board.
 */
export async function importXml130Files(
  services: FhirServices,
  caller: Caller,
  files: readonly (Uint8Array | string)[],
  options: { maxBytes?: number } = {},
): Promise<FileImportResult[]> {
  const feed = new Xml130FeedRecorder(services.db, caller);
  const results: FileImportResult[] = [];
  let pending: { file: FileImportResult; visit: Xml130Visit }[] = [];
  const writePending = async (): Promise<void> => {
    const done = await importVisits(
      services,
      caller,
      pending.map((p) => p.visit),
    );
    for (const [i, { file }] of pending.entries()) {
      file.visits.push(done[i]!);
      await feed.add(done[i]!);
    }
    pending = [];
  };
  try {
    for (const bytes of files) {
      const read = readXml130File(bytes, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
      const file: FileImportResult = {
        problems: read.problems.map(({ rule, message, severity }) => ({ rule, message, severity })),
        visits: [],
      };
      results.push(file);
      const errors = file.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        if (read.facilityCode) await feed.addFile(read.facilityCode, errors);
        continue;
      }
      for (const visit of read.visits()) {
        pending.push({ file, visit });
        if (pending.length === VISITS_READ_AHEAD) await writePending();
      }
    }
    if (pending.length > 0) await writePending();
  } finally {
    // What was imported before a failure is on the board too.
    await feed.flush();
  }
  return results;
}
