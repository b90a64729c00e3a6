/**
 * The official definitions share one expression across many types, e.g.
 * "Patient.telecom.where(system='phone') | Person.telecom… | Practitioner.telecom…".
 * Evaluating every branch for every resource is most of the cost of indexing,
 * so each type keeps only the branches that can apply to it.
 */
export function expressionForType(
  expression: string,
  resourceType: string,
  allTypes: ReadonlySet<string>,
): string | undefined {
  const branches = splitTopLevelUnion(expression);
  const kept = branches.flatMap((branch) => {
    const head = /^\(*\s*([A-Za-z]+)/.exec(branch)?.[1];
    // The FHIRPath engine resolves a type name only for the instance's own
    // type, so "Resource.meta.tag" (_tag, _profile, _security, _source) would
    // find nothing on a Patient: the generic head is rewritten to the type.
    if (head === 'Resource' || head === 'DomainResource') return [branch.replace(head, resourceType)];
    return head === undefined || head === resourceType || !allTypes.has(head) ? [branch] : [];
  });
  return kept.length === 0 ? undefined : kept.join(' | ');
}

/** Splits on `|` outside parentheses and string literals. */
export function splitTopLevelUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}
