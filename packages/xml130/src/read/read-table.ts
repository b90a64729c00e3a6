import type { TableLayout } from '../layout.js';
import { problem, type Xml130Problem } from '../problem.js';
import type { XmlElement } from './xml-tree.js';

/** One row of a table: field → text as received (entities decoded, trimmed). Absent fields are absent. */
export type Row = Record<string, string>;

export interface TableRows {
  rows: Row[];
  problems: Xml130Problem[];
}

/**
 * Elements named `name` among `element`'s children, or, where there are
 * none, at most `depth` levels further down (the row elements, under their
 * list element or under an unexpected wrapper). The search stops at the
 * first level that has them: XML13's row carries a field of its own name.
 */
function findElements(element: XmlElement, name: string, depth: number): XmlElement[] {
  const here = element.children.filter((c) => c.name === name);
  if (here.length > 0 || depth === 0) return here;
  return element.children.flatMap((c) => findElements(c, name, depth - 1));
}

function toRow(element: XmlElement): Row {
  const fields = new Map<string, string>();
  for (const field of element.children) {
    // A repeated field keeps its first value; an element with children has no text value.
    if (!fields.has(field.name)) fields.set(field.name, field.children.length === 0 ? field.text.trim() : '');
  }
  // fromEntries defines own properties: a field named like an Object.prototype member stays a field.
  return Object.fromEntries(fields);
}

/**
 * The rows of a mapped table, from its parsed root element (already checked
 * safe and well-formed, safe-xml.ts). A root of another table is an error,
 * not a guess.
 */
export function readTableRows(layout: TableLayout, root: XmlElement): TableRows {
  const problems: Xml130Problem[] = [];
  if (root.name !== layout.root && !layout.otherRoots?.includes(root.name)) {
    problems.push(problem('envelope.table-root', { table: layout.name }, { root: root.name, expected: layout.root }));
    return { rows: [], problems };
  }
  let elements: XmlElement[];
  if (layout.row) elements = findElements(root, layout.row, 2);
  else if (root.name === layout.root) elements = [root];
  else elements = findElements(root, layout.root, 2);
  const rows = elements.map(toRow);
  const unknown = new Set<string>();
  rows.forEach((row, i) => {
    for (const field of Object.keys(row)) {
      if (layout.spec[field] || unknown.has(field)) continue;
      unknown.add(field);
      problems.push(problem('field.unknown', { table: layout.name, row: i + 1, field }));
    }
  });
  return { rows, problems };
}
