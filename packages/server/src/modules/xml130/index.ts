import type { FhirServices } from '../../fhir/context.js';
import { xml130Operations } from './operations.js';

export { importXml130File, importXml130Files, type FileImportResult } from './import-file.js';
export type { ImportProblem, VisitImportResult } from './prepare-visit.js';

/**
 * The XML 130 module (docs/integrators/xml130.md): Bundle/$import-xml130
 * writes a facility's files through the one write path, a few visits per transaction;
 * Encounter/{id}/$export-xml130 gives a visit back as XML 130.
 */
export function registerXml130(services: FhirServices, maxBytes: () => number): void {
  services.operations.push(...xml130Operations(maxBytes));
}
