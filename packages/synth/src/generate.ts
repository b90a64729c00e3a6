import type { Province } from './model.js';
import { residentParts, sharedParts, type ProvincePart } from './parts.js';
import type { Sink } from './output/sink.js';

export interface Progress {
  residentsDone: number;
  residents: number;
  resources: number;
}

export interface GenerateSummary {
  residents: number;
  resources: number;
  /** Resources per FHIR type, types sorted by name. */
  byType: Record<string, number>;
  visits: number;
  vaccinations: number;
  pharmacySales: number;
  duplicateRegistrations: number;
}

export interface GenerateOptions {
  /** Called after each part; cheap to call often. */
  onProgress?: (progress: Progress) => void;
}

/**
 * Streams the whole province through the sinks, shared parts first, one
 * resident at a time: memory stays flat whatever the number of residents.
 */
export async function generateProvince(
  province: Province,
  sinks: readonly Sink[],
  options: GenerateOptions = {},
): Promise<GenerateSummary> {
  const byType = new Map<string, number>();
  const summary: GenerateSummary = {
    residents: province.residents,
    resources: 0,
    byType: {},
    visits: 0,
    vaccinations: 0,
    pharmacySales: 0,
    duplicateRegistrations: 0,
  };
  let residentsDone = 0;
  const take = async (part: ProvincePart): Promise<void> => {
    for (const sink of sinks) await sink.write(part);
    for (const r of part.resources) byType.set(r.resourceType, (byType.get(r.resourceType) ?? 0) + 1);
    summary.resources += part.resources.length;
    if (part.kind === 'resident') {
      residentsDone++;
      summary.visits += part.life.visits.length;
      summary.vaccinations += part.life.vaccinations.length;
      summary.pharmacySales += part.life.sales.length;
      summary.duplicateRegistrations += part.life.duplicates.length;
    }
    options.onProgress?.({ residentsDone, residents: province.residents, resources: summary.resources });
  };

  for (const sink of sinks) await sink.open?.(province);
  for (const part of sharedParts(province)) await take(part);
  for (const part of residentParts(province)) await take(part);
  for (const sink of sinks) await sink.close();
  summary.byType = Object.fromEntries([...byType.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}
