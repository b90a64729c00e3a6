import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import type { FhirServices } from './context.js';

export const SERVER_VERSION = '0.1.0';

const BUILT_IN: Record<string, { name: string; definition: string }[]> = {
  Patient: [
    { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
    { name: 'break-glass', definition: 'http://fhir.lienthong.vn/OperationDefinition/break-glass' },
  ],
};

function operationsOf(services: FhirServices, type: string): Pick<CapabilityStatementRestResource, 'operation'> {
  const operation = [
    ...(BUILT_IN[type] ?? []),
    ...services.operations
      .filter((o) => o.type === type)
      .map((o) => ({ name: o.name.slice(1), definition: o.definition })),
  ];
  return operation.length > 0 ? { operation } : {};
}

/**
 * /metadata, generated from what the server really does: every resource type
 * we store, every search parameter in the registry (official R4 plus stored
 * SearchParameters), and only the interactions and operations implemented.
 */
export function capabilityStatement(services: FhirServices): CapabilityStatement {
  const revIncludes = new Map<string, string[]>();
  for (const source of services.defs.resourceTypes) {
    for (const p of services.registry.forType(source)) {
      if (p.type !== 'reference') continue;
      for (const target of p.target)
        revIncludes.set(target, [...(revIncludes.get(target) ?? []), `${source}:${p.code}`]);
    }
  }
  const resources: CapabilityStatementRestResource[] = [...services.defs.resourceTypes].sort().map((type) => {
    const params = services.registry.forType(type);
    const references = params.filter((p) => p.type === 'reference');
    return {
      type: type as CapabilityStatementRestResource['type'],
      profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
      interaction: (
        [
          'read',
          'vread',
          'update',
          'patch',
          'delete',
          'history-instance',
          'history-type',
          'create',
          'search-type',
        ] as const
      ).map((code) => ({ code })),
      versioning: 'versioned',
      readHistory: true,
      updateCreate: services.allowUpdateCreate,
      conditionalCreate: true,
      // If-None-Match and If-Modified-Since on read (http-semantics.ts, notModified).
      conditionalRead: 'full-support',
      conditionalUpdate: true,
      conditionalDelete: 'single',
      referencePolicy: ['literal', 'logical', 'local'],
      // `Type:*` (every reference parameter of the type) is how the server takes the wildcard.
      searchInclude: [`${type}:*`, ...references.map((p) => `${type}:${p.code}`)],
      searchRevInclude: revIncludes.get(type) ?? [],
      searchParam: params
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((p) => ({
          name: p.code,
          type: p.type as 'string',
          ...(p.url ? { definition: p.url } : {}),
        })),
      ...operationsOf(services, type),
    };
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    publisher: 'Liên Thông',
    software: { name: 'Liên Thông', version: SERVER_VERSION },
    implementation: { description: 'Liên Thông health information exchange', url: services.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        operation: [{ name: 'reindex', definition: 'http://fhir.lienthong.vn/OperationDefinition/reindex' }],
      },
    ],
  };
}
