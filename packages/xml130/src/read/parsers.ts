import { XMLParser } from 'fast-xml-parser';
import { MAPPED_TABLES } from '../tables.js';
import { rowElement } from '../layout.js';

/**
 * The two parsers, both with entity processing off (entities.ts decodes the
 * predefined ones) and every value kept as text: codes such as "01" and
 * "075309619773" must keep their leading zeros.
 */

/** The envelope: NOIDUNGFILE is kept as raw text, whether base64 or a plain table. */
export const envelopeParser = new XMLParser({
  parseTagValue: false,
  jPath: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  stopNodes: ['*.NOIDUNGFILE'],
  isArray: (name) => name === 'HOSO' || name === 'FILEHOSO',
});

const ROWS = new Set(MAPPED_TABLES.map(rowElement));

/** An inner table: row elements are always arrays (XML13's row shares its name with one of its fields, a leaf). */
export const tableParser = new XMLParser({
  parseTagValue: false,
  jPath: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _path, isLeafNode) => !isLeafNode && ROWS.has(name),
});

export type XmlNode = Record<string, unknown>;

export function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as XmlNode)[name] : undefined;
}

/**
 * The names of a parsed document's root elements, when there are several
 * (`<GIAMDINHHS>…</GIAMDINHHS><X/>`): well-formed XML has one, and a reader
 * taking the first would silently drop the rest. Undefined when there is one.
 */
export function severalRoots(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const roots = Object.entries(doc as XmlNode)
    .filter(([name]) => !name.startsWith('?'))
    .flatMap(([name, node]) => (Array.isArray(node) ? node.map(() => name) : [name]));
  return roots.length > 1 ? roots.join(', ') : undefined;
}

/** The root element's name and content of a parsed document. */
export function rootOf(doc: unknown): [string, unknown] | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const entry = Object.entries(doc as XmlNode).find(([name]) => !name.startsWith('?'));
  return entry;
}
