import type { TableLayout } from '../layout.js';
import { problem, type ProblemPlace, type Xml130Problem } from '../problem.js';
import type { Row } from '../read/read-table.js';
import type { RuleId, RuleParams } from '../rules.js';

/** A row of a mapped table with where it sits, for rules that walk every row. */
export interface PlacedRow {
  layout: TableLayout;
  /** 1-based. */
  index: number;
  row: Row;
}

/**
 * What the checks of one visit share: the problems found so far, and the
 * fields whose value is already reported as malformed, so a later rule
 * (a code set, a sum) does not report the same value a second time.
 */
export class CheckContext {
  readonly problems: Xml130Problem[] = [];
  private readonly malformed = new Set<string>();

  report(rule: RuleId, place: ProblemPlace, params?: RuleParams): void {
    this.problems.push(problem(rule, place, params));
  }

  markMalformed(table: string, row: number, field: string): void {
    this.malformed.add(`${table}#${row}#${field}`);
  }

  /** The field's value when present and not already reported malformed. */
  usable(at: PlacedRow, field: string): string | undefined {
    const value = at.row[field];
    if (value === undefined || value === '') return undefined;
    return this.malformed.has(`${at.layout.name}#${at.index}#${field}`) ? undefined : value;
  }
}

export function placeOf(at: PlacedRow, field: string): ProblemPlace {
  return { table: at.layout.name, row: at.index, field, value: at.row[field] ?? '' };
}
