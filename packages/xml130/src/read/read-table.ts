import type { TableLayout } from '../layout.js';
import { problem, type Xml130Problem } from '../problem.js';
import { decodeEntities } from './entities.js';
import { child, rootOf, severalRoots, tableParser, type XmlNode } from './parsers.js';

/** One row of a table: field → text as received (entities decoded, trimmed). Absent fields are absent. */
export type Row = Record<string, string>;

export interface TableRows {
  rows: Row[];
  problems: Xml130Problem[];
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Elements named `name` at most `depth` levels below `node` (the row
 * elements, under their list element, or under an unexpected wrapper).
 */
function findElements(node: unknown, name: string, depth: number): unknown[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const here = (node as XmlNode)[name];
  if (here !== undefined) return asArray(here);
  if (depth === 0) return [];
  const found: unknown[] = [];
  for (const value of Object.values(node as XmlNode)) {
    for (const item of asArray(value)) found.push(...findElements(item, name, depth - 1));
  }
  return found;
}

function toRow(node: unknown): Row {
  const row: Row = {};
  if (node === null || typeof node !== 'object') return row;
  for (const [field, value] of Object.entries(node as XmlNode)) {
    // A repeated field keeps its first value; an element with children has no text value.
    const first = Array.isArray(value) ? (value as unknown[])[0] : value;
    row[field] = typeof first === 'string' ? decodeEntities(first) : '';
  }
  return row;
}

/**
 * The rows of a mapped table, from its XML text (already checked safe and
 * well-formed). `fromEnvelope` is set when LOAIHOSO named the table: a root
 * of another table is then an error, not a guess.
 */
export function readTableRows(layout: TableLayout, xml: string): TableRows {
  const problems: Xml130Problem[] = [];
  const doc: unknown = tableParser.parse(xml);
  const several = severalRoots(doc);
  if (several) {
    problems.push(problem('input.several-roots', { table: layout.name }, { roots: several }));
    return { rows: [], problems };
  }
  const [rootName, root] = rootOf(doc) ?? ['', undefined];
  const roots = [layout.root, ...(layout.otherRoots ?? [])];
  if (!roots.includes(rootName)) {
    problems.push(problem('envelope.table-root', { table: layout.name }, { root: rootName, expected: layout.root }));
    return { rows: [], problems };
  }
  let nodes: unknown[];
  if (layout.row) nodes = findElements(root, layout.row, 2);
  else if (rootName === layout.root) nodes = asArray(root);
  else nodes = findElements(root, layout.root, 2);
  const rows = nodes.map(toRow);
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

/** The text of a leaf element of the envelope. */
export function leafText(node: unknown, name: string): string {
  const value = child(node, name);
  return typeof value === 'string' ? decodeEntities(value).trim() : '';
}
