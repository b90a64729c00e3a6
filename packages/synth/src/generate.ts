import type { Province } from './model.js';
import { residentParts, sharedParts, stockParts, type ProvincePart, type Stage } from './parts.js';
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
  stage?: Stage;
  /** Start at this resident (to resume an interrupted load); earlier ones are skipped. */
  fromResident?: number;
}

/**
 * Streams the province through the sinks: facilities and staff, pharmacy
 * stock, then one resident at a time — memory stays flat whatever the number
 * of residents. A stage leaves out what it does not produce.
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
  const stage = options.stage ?? 'all';
  const from = options.fromResident ?? 0;
  let residentsDone = from;
  const take = async (part: ProvincePart): Promise<void> => {
    for (const sink of sinks) await sink.write(part);
    for (const r of part.resources) byType.set(r.resourceType, (byType.get(r.resourceType) ?? 0) + 1);
    summary.resources += part.resources.length;
    if (part.kind === 'resident') {
      residentsDone++;
      if (stage !== 'people') {
        summary.visits += part.life.visits.length;
        summary.vaccinations += part.life.vaccinations.length;
        summary.pharmacySales += part.life.sales.length;
      }
      if (stage !== 'histories') summary.duplicateRegistrations += part.life.duplicates.length;
    }
    options.onProgress?.({ residentsDone, residents: province.residents, resources: summary.resources });
  };

  for (const sink of sinks) await sink.open?.(province);
  if (from === 0) {
    if (stage !== 'histories') for (const part of sharedParts(province)) await take(part);
    if (stage !== 'people') for (const part of stockParts(province)) await take(part);
  }
  for (const part of residentParts(province, from, province.residents, stage)) await take(part);
  for (const sink of sinks) await sink.close();
  summary.byType = Object.fromEntries([...byType.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}
