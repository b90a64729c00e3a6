import { readXml130File, type Xml130Problem } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirServices } from '../../fhir/context.js';
import { Xml130FeedRecorder, withinXml130Import } from '../../admin/feed-log.js';
import { importVisit, type VisitImportResult } from './import-visit.js';

export interface FileImportResult {
  /** What is wrong with the file as a whole (unreadable, too large…): then it has no visits. */
  problems: Pick<Xml130Problem, 'rule' | 'message' | 'severity'>[];
  visits: VisitImportResult[];
}

/**
 * Imports an XML 130 file visit by visit: each visit is read, checked and
 * written on its own (one transaction), so a bad visit fails alone and a
 * large file is never held as FHIR all at once. `onVisit` hears each result.
 * Every visit's outcome (and a refused file's) goes on the data-feed board.
 */
export async function importXml130File(
  services: FhirServices,
  caller: Caller,
  bytes: Uint8Array | string,
  options: { maxBytes?: number; onVisit?: (result: VisitImportResult) => void } = {},
): Promise<FileImportResult> {
  const file = readXml130File(bytes, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
  const problems = file.problems.map(({ rule, message, severity }) => ({ rule, message, severity }));
  const visits: VisitImportResult[] = [];
  const feed = new Xml130FeedRecorder(services.db, caller);
  if (file.problems.some((p) => p.severity === 'error')) {
    if (file.facilityCode) {
      await feed.addFile(
        file.facilityCode,
        problems.filter((p) => p.severity === 'error'),
      );
      await feed.flush();
    }
    return { problems, visits };
  }
  await withinXml130Import(async () => {
    try {
      for (const visit of file.visits()) {
        const result = await importVisit(services, caller, visit);
        visits.push(result);
        await feed.add(result);
        options.onVisit?.(result);
      }
    } finally {
      // What was imported before a failure is on the board too.
      await feed.flush();
    }
  });
  return { problems, visits };
}
