import { RULES, type RuleId, type RuleParams } from './rules.js';

export type Severity = 'error' | 'warning';

/**
 * One thing wrong with a file or a visit. `table`, `row` (1-based, in the
 * order of the table's rows), `field` and `value` locate it when they apply:
 * a problem with the whole file has none of them.
 */
export interface Xml130Problem {
  table?: string;
  row?: number;
  field?: string;
  value?: string;
  rule: RuleId;
  severity: Severity;
  message: { vi: string; en: string };
}

export interface ProblemPlace {
  table?: string;
  row?: number;
  field?: string;
  value?: string;
}

// Values are quoted back to the sender; a whole base64 payload would drown the report.
const MAX_VALUE = 120;

function shorten(value: string): string {
  const chars = Array.from(value);
  return chars.length <= MAX_VALUE ? value : `${chars.slice(0, MAX_VALUE).join('')}…`;
}

/** A problem of the rule, at the place, its message filled from the place and params. */
export function problem(rule: RuleId, place: ProblemPlace = {}, params: RuleParams = {}): Xml130Problem {
  const def = RULES[rule];
  const value = place.value === undefined ? undefined : shorten(place.value);
  const message = def.message({ ...params, field: place.field ?? params.field, value, table: place.table });
  return {
    ...(place.table !== undefined ? { table: place.table } : {}),
    ...(place.row !== undefined ? { row: place.row } : {}),
    ...(place.field !== undefined ? { field: place.field } : {}),
    ...(value !== undefined ? { value } : {}),
    rule,
    severity: def.severity,
    message,
  };
}

export function hasErrors(problems: readonly Xml130Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
