import type { Resource } from '@medplum/fhirtypes';
import { FhirError, issue, outcome, type Issue } from '@lienthong/core';
import { base64ValueAt, isR4Base64 } from './validate-base64.js';
import { checkElements, loadElementIndex } from './validate-bindings.js';
import { structureIssues } from './structure-validator.js';
import { strictIssues } from './validate-strict.js';

/**
 * Validates a resource against the R4 StructureDefinitions (structure,
 * cardinality, types, fixed values, invariants; structure-validator.ts), the
 * R4 rules medplum's validator leaves out (real dates, time zones, 32-bit
 * integers, no empty values, one value per choice, data-type invariants,
 * dom-3, the narrative's XHTML; validate-strict.ts), the required value-set
 * bindings and reference target types (validate-bindings.ts) and the
 * reference format. Every problem is listed; nothing is stored when there is
 * an error. medplum's warnings keep their severity: they travel with the
 * errors but never reject a resource on their own.
 */
export function validate(resource: Resource): void {
  throwIfInvalid(problemsOf(resource));
}

/** Throws the 400 OperationOutcome when any problem is an error (warnings travel with the errors). */
export function throwIfInvalid(problems: Issue[]): void {
  if (problems.some((p) => p.severity === 'error' || p.severity === 'fatal')) {
    throw new FhirError(400, outcome(problems));
  }
}

/** Every problem of the resource, errors and warnings (validate() minus the throw; also run in validation threads). */
export function problemsOf(resource: Resource): Issue[] {
  loadElementIndex(); // once per process (or thread); also loads the StructureDefinitions medplum validates against
  const problems: Issue[] = [];
  const issues = structureIssues(resource);
  // Like medplum, warnings alone leave the resource valid and are not reported.
  if (issues.some((i) => i.severity === 'error')) {
    for (const i of issues) {
      const text = i.details?.text ?? i.diagnostics;
      if (isR4Base64Issue(resource, text, i.expression?.[0])) continue;
      // Reference targets are checked in validate-bindings.ts, as errors and
      // without medplum's misreading of absolute URLs ("got http:").
      if (i.severity === 'warning' && text?.startsWith('Invalid reference: got ')) continue;
      problems.push({
        severity: i.severity ?? 'error',
        code: (i.code as Issue['code']) ?? 'invalid',
        details: { text: text ?? 'invalid' },
        ...(i.expression ? { expression: i.expression } : {}),
      });
    }
  }
  // A place medplum already faults (an unreadable date, say) is not reported twice.
  const faulted = new Set(problems.map((p) => p.expression?.[0]));
  for (const p of strictIssues(resource)) if (!faulted.has(p.expression?.[0])) problems.push(p);
  problems.push(...checkElements(resource));
  checkReferences(resource, resource.resourceType, problems);
  return problems;
}

/** medplum rejects line-wrapped base64 that R4 allows (validate-base64.ts). */
function isR4Base64Issue(resource: Resource, text: string | undefined, expression: string | undefined): boolean {
  if (text !== 'Invalid base64Binary format' || !expression) return false;
  const value = base64ValueAt(resource, expression);
  return typeof value === 'string' && isR4Base64(value);
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
