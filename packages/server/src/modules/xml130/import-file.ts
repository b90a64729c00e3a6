import { readXml130File, type Xml130Problem } from '@lienthong/xml130';
import type { Caller } from '../../auth/caller.js';
import type { FhirServices } from '../../fhir/context.js';
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
  if (file.problems.some((p) => p.severity === 'error')) return { problems, visits };
  for (const visit of file.visits()) {
    const result = await importVisit(services, caller, visit);
    visits.push(result);
    options.onVisit?.(result);
  }
  return { problems, visits };
}
