import { validateResource, OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { FhirError, issue, outcome, type Issue } from '@lienthong/core';
import { checkRequiredBindings } from './validate-bindings.js';

/**
 * Validates a resource against the R4 StructureDefinitions (structure,
 * cardinality, types, fixed values, invariants), the required value-set
 * bindings (validate-bindings.ts) and the reference format.
 * Every problem is listed; nothing is stored when there is one.
 */
export function validate(resource: Resource): void {
  const problems: Issue[] = [];
  try {
    validateResource(resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    for (const i of err.outcome.issue ?? []) {
      problems.push({
        severity: 'error',
        code: (i.code as Issue['code']) ?? 'invalid',
        details: { text: i.details?.text ?? i.diagnostics ?? 'invalid' },
        ...(i.expression ? { expression: i.expression } : {}),
      });
    }
  }
  problems.push(...checkRequiredBindings(resource));
  checkReferences(resource, resource.resourceType, problems);
  if (problems.length > 0) throw new FhirError(400, outcome(problems));
}

// Type/id, Type/id/_history/v, an absolute URL, a contained "#id", or a urn.
const REFERENCE =
  /^(?:[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?|[a-z][a-z0-9+.-]*:\S+|#\S*)$/;

function checkReferences(node: unknown, path: string, problems: Issue[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkReferences(item, `${path}[${i}]`, problems));
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}.${key}`;
    if (key === 'reference' && typeof value === 'string' && !REFERENCE.test(value)) {
      problems.push(
        issue('error', 'value', `Invalid reference "${value}": expected Type/id, an absolute URL or #id`, at),
      );
    } else if (typeof value === 'object') {
      checkReferences(value, at, problems);
    }
  }
}
