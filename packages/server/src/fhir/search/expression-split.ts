/**
 * The official definitions share one expression across many types, e.g.
 * "Patient.telecom.where(system='phone') | Person.telecom… | Practitioner.telecom…".
 * Evaluating every branch for every resource is most of the cost of indexing,
 * so each type keeps only the branches that can apply to it.
 */
export function expressionForType(expression: string, resourceType: string, allTypes: ReadonlySet<string>): string | undefined {
  const branches = splitTopLevelUnion(expression);
  const kept = branches.filter((branch) => {
    const head = /^\(*\s*([A-Za-z]+)/.exec(branch)?.[1];
    return head === undefined || head === resourceType || head === 'Resource' || head === 'DomainResource' || !allTypes.has(head);
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
